import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentServiceClient as _ionsweep_v1_AgentServiceClient, AgentServiceDefinition as _ionsweep_v1_AgentServiceDefinition } from './ionsweep/v1/AgentService.js';
import type { ArtifactChunk as _ionsweep_v1_ArtifactChunk, ArtifactChunk__Output as _ionsweep_v1_ArtifactChunk__Output } from './ionsweep/v1/ArtifactChunk.js';
import type { ArtifactsRequest as _ionsweep_v1_ArtifactsRequest, ArtifactsRequest__Output as _ionsweep_v1_ArtifactsRequest__Output } from './ionsweep/v1/ArtifactsRequest.js';
import type { HeartbeatRequest as _ionsweep_v1_HeartbeatRequest, HeartbeatRequest__Output as _ionsweep_v1_HeartbeatRequest__Output } from './ionsweep/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _ionsweep_v1_HeartbeatResponse, HeartbeatResponse__Output as _ionsweep_v1_HeartbeatResponse__Output } from './ionsweep/v1/HeartbeatResponse.js';
import type { ListSweepsRequest as _ionsweep_v1_ListSweepsRequest, ListSweepsRequest__Output as _ionsweep_v1_ListSweepsRequest__Output } from './ionsweep/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _ionsweep_v1_ListSweepsResponse, ListSweepsResponse__Output as _ionsweep_v1_ListSweepsResponse__Output } from './ionsweep/v1/ListSweepsResponse.js';
import type { RegisterRequest as _ionsweep_v1_RegisterRequest, RegisterRequest__Output as _ionsweep_v1_RegisterRequest__Output } from './ionsweep/v1/RegisterRequest.js';
import type { RegisterResponse as _ionsweep_v1_RegisterResponse, RegisterResponse__Output as _ionsweep_v1_RegisterResponse__Output } from './ionsweep/v1/RegisterResponse.js';
import type { ReportFailureRequest as _ionsweep_v1_ReportFailureRequest, ReportFailureRequest__Output as _ionsweep_v1_ReportFailureRequest__Output } from './ionsweep/v1/ReportFailureRequest.js';
import type { ReportFailureResponse as _ionsweep_v1_ReportFailureResponse, ReportFailureResponse__Output as _ionsweep_v1_ReportFailureResponse__Output } from './ionsweep/v1/ReportFailureResponse.js';
import type { StartTaskRequest as _ionsweep_v1_StartTaskRequest, StartTaskRequest__Output as _ionsweep_v1_StartTaskRequest__Output } from './ionsweep/v1/StartTaskRequest.js';
import type { StartTaskResponse as _ionsweep_v1_StartTaskResponse, StartTaskResponse__Output as _ionsweep_v1_StartTaskResponse__Output } from './ionsweep/v1/StartTaskResponse.js';
import type { StreamProgressResponse as _ionsweep_v1_StreamProgressResponse, StreamProgressResponse__Output as _ionsweep_v1_StreamProgressResponse__Output } from './ionsweep/v1/StreamProgressResponse.js';
import type { SubmitResultRequest as _ionsweep_v1_SubmitResultRequest, SubmitResultRequest__Output as _ionsweep_v1_SubmitResultRequest__Output } from './ionsweep/v1/SubmitResultRequest.js';
import type { SubmitResultResponse as _ionsweep_v1_SubmitResultResponse, SubmitResultResponse__Output as _ionsweep_v1_SubmitResultResponse__Output } from './ionsweep/v1/SubmitResultResponse.js';
import type { SubmitSweepRequest as _ionsweep_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _ionsweep_v1_SubmitSweepRequest__Output } from './ionsweep/v1/SubmitSweepRequest.js';
import type { SubmitSweepResponse as _ionsweep_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _ionsweep_v1_SubmitSweepResponse__Output } from './ionsweep/v1/SubmitSweepResponse.js';
import type { SweepEvent as _ionsweep_v1_SweepEvent, SweepEvent__Output as _ionsweep_v1_SweepEvent__Output } from './ionsweep/v1/SweepEvent.js';
import type { SweepRef as _ionsweep_v1_SweepRef, SweepRef__Output as _ionsweep_v1_SweepRef__Output } from './ionsweep/v1/SweepRef.js';
import type { SweepResults as _ionsweep_v1_SweepResults, SweepResults__Output as _ionsweep_v1_SweepResults__Output } from './ionsweep/v1/SweepResults.js';
import type { SweepServiceClient as _ionsweep_v1_SweepServiceClient, SweepServiceDefinition as _ionsweep_v1_SweepServiceDefinition } from './ionsweep/v1/SweepService.js';
import type { SweepStatus as _ionsweep_v1_SweepStatus, SweepStatus__Output as _ionsweep_v1_SweepStatus__Output } from './ionsweep/v1/SweepStatus.js';
import type { TaskAssignment as _ionsweep_v1_TaskAssignment, TaskAssignment__Output as _ionsweep_v1_TaskAssignment__Output } from './ionsweep/v1/TaskAssignment.js';
import type { TaskProgress as _ionsweep_v1_TaskProgress, TaskProgress__Output as _ionsweep_v1_TaskProgress__Output } from './ionsweep/v1/TaskProgress.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ionsweep: {
    v1: {
      AgentService: SubtypeConstructor<typeof grpc.Client, _ionsweep_v1_AgentServiceClient> & { service: _ionsweep_v1_AgentServiceDefinition }
      ArtifactChunk: MessageTypeDefinition<_ionsweep_v1_ArtifactChunk, _ionsweep_v1_ArtifactChunk__Output>
      ArtifactsRequest: MessageTypeDefinition<_ionsweep_v1_ArtifactsRequest, _ionsweep_v1_ArtifactsRequest__Output>
      HeartbeatRequest: MessageTypeDefinition<_ionsweep_v1_HeartbeatRequest, _ionsweep_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_ionsweep_v1_HeartbeatResponse, _ionsweep_v1_HeartbeatResponse__Output>
      ListSweepsRequest: MessageTypeDefinition<_ionsweep_v1_ListSweepsRequest, _ionsweep_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_ionsweep_v1_ListSweepsResponse, _ionsweep_v1_ListSweepsResponse__Output>
      RegisterRequest: MessageTypeDefinition<_ionsweep_v1_RegisterRequest, _ionsweep_v1_RegisterRequest__Output>
      RegisterResponse: MessageTypeDefinition<_ionsweep_v1_RegisterResponse, _ionsweep_v1_RegisterResponse__Output>
      ReportFailureRequest: MessageTypeDefinition<_ionsweep_v1_ReportFailureRequest, _ionsweep_v1_ReportFailureRequest__Output>
      ReportFailureResponse: MessageTypeDefinition<_ionsweep_v1_ReportFailureResponse, _ionsweep_v1_ReportFailureResponse__Output>
      StartTaskRequest: MessageTypeDefinition<_ionsweep_v1_StartTaskRequest, _ionsweep_v1_StartTaskRequest__Output>
      StartTaskResponse: MessageTypeDefinition<_ionsweep_v1_StartTaskResponse, _ionsweep_v1_StartTaskResponse__Output>
      StreamProgressResponse: MessageTypeDefinition<_ionsweep_v1_StreamProgressResponse, _ionsweep_v1_StreamProgressResponse__Output>
      SubmitResultRequest: MessageTypeDefinition<_ionsweep_v1_SubmitResultRequest, _ionsweep_v1_SubmitResultRequest__Output>
      SubmitResultResponse: MessageTypeDefinition<_ionsweep_v1_SubmitResultResponse, _ionsweep_v1_SubmitResultResponse__Output>
      SubmitSweepRequest: MessageTypeDefinition<_ionsweep_v1_SubmitSweepRequest, _ionsweep_v1_SubmitSweepRequest__Output>
      SubmitSweepResponse: MessageTypeDefinition<_ionsweep_v1_SubmitSweepResponse, _ionsweep_v1_SubmitSweepResponse__Output>
      SweepEvent: MessageTypeDefinition<_ionsweep_v1_SweepEvent, _ionsweep_v1_SweepEvent__Output>
      SweepRef: MessageTypeDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepRef__Output>
      SweepResults: MessageTypeDefinition<_ionsweep_v1_SweepResults, _ionsweep_v1_SweepResults__Output>
      SweepService: SubtypeConstructor<typeof grpc.Client, _ionsweep_v1_SweepServiceClient> & { service: _ionsweep_v1_SweepServiceDefinition }
      SweepStatus: MessageTypeDefinition<_ionsweep_v1_SweepStatus, _ionsweep_v1_SweepStatus__Output>
      TaskAssignment: MessageTypeDefinition<_ionsweep_v1_TaskAssignment, _ionsweep_v1_TaskAssignment__Output>
      TaskProgress: MessageTypeDefinition<_ionsweep_v1_TaskProgress, _ionsweep_v1_TaskProgress__Output>
    }
  }
}

