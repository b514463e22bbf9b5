import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ArtifactChunk as _ionsweep_v1_ArtifactChunk, ArtifactChunk__Output as _ionsweep_v1_ArtifactChunk__Output } from './ionsweep/v1/ArtifactChunk.js';
import type { ArtifactsRequest as _ionsweep_v1_ArtifactsRequest, ArtifactsRequest__Output as _ionsweep_v1_ArtifactsRequest__Output } from './ionsweep/v1/ArtifactsRequest.js';
import type { ListSweepsRequest as _ionsweep_v1_ListSweepsRequest, ListSweepsRequest__Output as _ionsweep_v1_ListSweepsRequest__Output } from './ionsweep/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _ionsweep_v1_ListSweepsResponse, ListSweepsResponse__Output as _ionsweep_v1_ListSweepsResponse__Output } from './ionsweep/v1/ListSweepsResponse.js';
import type { SubmitSweepRequest as _ionsweep_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _ionsweep_v1_SubmitSweepRequest__Output } from './ionsweep/v1/SubmitSweepRequest.js';
import type { SubmitSweepResponse as _ionsweep_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _ionsweep_v1_SubmitSweepResponse__Output } from './ionsweep/v1/SubmitSweepResponse.js';
import type { SweepEvent as _ionsweep_v1_SweepEvent, SweepEvent__Output as _ionsweep_v1_SweepEvent__Output } from './ionsweep/v1/SweepEvent.js';
import type { SweepRef as _ionsweep_v1_SweepRef, SweepRef__Output as _ionsweep_v1_SweepRef__Output } from './ionsweep/v1/SweepRef.js';
import type { SweepResults as _ionsweep_v1_SweepResults, SweepResults__Output as _ionsweep_v1_SweepResults__Output } from './ionsweep/v1/SweepResults.js';
import type { SweepServiceClient as _ionsweep_v1_SweepServiceClient, SweepServiceDefinition as _ionsweep_v1_SweepServiceDefinition } from './ionsweep/v1/SweepService.js';
import type { SweepStatus as _ionsweep_v1_SweepStatus, SweepStatus__Output as _ionsweep_v1_SweepStatus__Output } from './ionsweep/v1/SweepStatus.js';
import type { TaskProgress as _ionsweep_v1_TaskProgress, TaskProgress__Output as _ionsweep_v1_TaskProgress__Output } from './ionsweep/v1/TaskProgress.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ionsweep: {
    v1: {
      ArtifactChunk: MessageTypeDefinition<_ionsweep_v1_ArtifactChunk, _ionsweep_v1_ArtifactChunk__Output>
      ArtifactsRequest: MessageTypeDefinition<_ionsweep_v1_ArtifactsRequest, _ionsweep_v1_ArtifactsRequest__Output>
      ListSweepsRequest: MessageTypeDefinition<_ionsweep_v1_ListSweepsRequest, _ionsweep_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_ionsweep_v1_ListSweepsResponse, _ionsweep_v1_ListSweepsResponse__Output>
      SubmitSweepRequest: MessageTypeDefinition<_ionsweep_v1_SubmitSweepRequest, _ionsweep_v1_SubmitSweepRequest__Output>
      SubmitSweepResponse: MessageTypeDefinition<_ionsweep_v1_SubmitSweepResponse, _ionsweep_v1_SubmitSweepResponse__Output>
      SweepEvent: MessageTypeDefinition<_ionsweep_v1_SweepEvent, _ionsweep_v1_SweepEvent__Output>
      SweepRef: MessageTypeDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepRef__Output>
      SweepResults: MessageTypeDefinition<_ionsweep_v1_SweepResults, _ionsweep_v1_SweepResults__Output>
      SweepService: SubtypeConstructor<typeof grpc.Client, _ionsweep_v1_SweepServiceClient> & { service: _ionsweep_v1_SweepServiceDefinition }
      SweepStatus: MessageTypeDefinition<_ionsweep_v1_SweepStatus, _ionsweep_v1_SweepStatus__Output>
      TaskProgress: MessageTypeDefinition<_ionsweep_v1_TaskProgress, _ionsweep_v1_TaskProgress__Output>
    }
  }
}

