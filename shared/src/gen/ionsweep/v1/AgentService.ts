// Original file: proto/ionsweep/v1/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { HeartbeatRequest as _ionsweep_v1_HeartbeatRequest, HeartbeatRequest__Output as _ionsweep_v1_HeartbeatRequest__Output } from '../../ionsweep/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _ionsweep_v1_HeartbeatResponse, HeartbeatResponse__Output as _ionsweep_v1_HeartbeatResponse__Output } from '../../ionsweep/v1/HeartbeatResponse.js';
import type { RegisterRequest as _ionsweep_v1_RegisterRequest, RegisterRequest__Output as _ionsweep_v1_RegisterRequest__Output } from '../../ionsweep/v1/RegisterRequest.js';
import type { RegisterResponse as _ionsweep_v1_RegisterResponse, RegisterResponse__Output as _ionsweep_v1_RegisterResponse__Output } from '../../ionsweep/v1/RegisterResponse.js';
import type { ReportFailureRequest as _ionsweep_v1_ReportFailureRequest, ReportFailureRequest__Output as _ionsweep_v1_ReportFailureRequest__Output } from '../../ionsweep/v1/ReportFailureRequest.js';
import type { ReportFailureResponse as _ionsweep_v1_ReportFailureResponse, ReportFailureResponse__Output as _ionsweep_v1_ReportFailureResponse__Output } from '../../ionsweep/v1/ReportFailureResponse.js';
import type { StartTaskRequest as _ionsweep_v1_StartTaskRequest, StartTaskRequest__Output as _ionsweep_v1_StartTaskRequest__Output } from '../../ionsweep/v1/StartTaskRequest.js';
import type { StartTaskResponse as _ionsweep_v1_StartTaskResponse, StartTaskResponse__Output as _ionsweep_v1_StartTaskResponse__Output } from '../../ionsweep/v1/StartTaskResponse.js';
import type { StreamProgressResponse as _ionsweep_v1_StreamProgressResponse, StreamProgressResponse__Output as _ionsweep_v1_StreamProgressResponse__Output } from '../../ionsweep/v1/StreamProgressResponse.js';
import type { SubmitResultRequest as _ionsweep_v1_SubmitResultRequest, SubmitResultRequest__Output as _ionsweep_v1_SubmitResultRequest__Output } from '../../ionsweep/v1/SubmitResultRequest.js';
import type { SubmitResultResponse as _ionsweep_v1_SubmitResultResponse, SubmitResultResponse__Output as _ionsweep_v1_SubmitResultResponse__Output } from '../../ionsweep/v1/SubmitResultResponse.js';
import type { TaskProgress as _ionsweep_v1_TaskProgress, TaskProgress__Output as _ionsweep_v1_TaskProgress__Output } from '../../ionsweep/v1/TaskProgress.js';

export interface AgentServiceClient extends grpc.Client {
  Heartbeat(argument: _ionsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _ionsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _ionsweep_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _ionsweep_v1_HeartbeatRequest, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _ionsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _ionsweep_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _ionsweep_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _ionsweep_v1_HeartbeatRequest, callback: grpc.requestCallback<_ionsweep_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _ionsweep_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _ionsweep_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _ionsweep_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _ionsweep_v1_RegisterRequest, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _ionsweep_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _ionsweep_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _ionsweep_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _ionsweep_v1_RegisterRequest, callback: grpc.requestCallback<_ionsweep_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
  ReportFailure(argument: _ionsweep_v1_ReportFailureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  ReportFailure(argument: _ionsweep_v1_ReportFailureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  ReportFailure(argument: _ionsweep_v1_ReportFailureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  ReportFailure(argument: _ionsweep_v1_ReportFailureRequest, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  reportFailure(argument: _ionsweep_v1_ReportFailureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  reportFailure(argument: _ionsweep_v1_ReportFailureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  reportFailure(argument: _ionsweep_v1_ReportFailureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  reportFailure(argument: _ionsweep_v1_ReportFailureRequest, callback: grpc.requestCallback<_ionsweep_v1_ReportFailureResponse__Output>): grpc.ClientUnaryCall;
  
  StartTask(argument: _ionsweep_v1_StartTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _ionsweep_v1_StartTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _ionsweep_v1_StartTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _ionsweep_v1_StartTaskRequest, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _ionsweep_v1_StartTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _ionsweep_v1_StartTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _ionsweep_v1_StartTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _ionsweep_v1_StartTaskRequest, callback: grpc.requestCallback<_ionsweep_v1_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  
  StreamProgress(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  StreamProgress(metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  StreamProgress(options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  StreamProgress(callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  streamProgress(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  streamProgress(metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  streamProgress(options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  streamProgress(callback: grpc.requestCallback<_ionsweep_v1_StreamProgressResponse__Output>): grpc.ClientWritableStream<_ionsweep_v1_TaskProgress>;
  
  SubmitResult(argument: _ionsweep_v1_SubmitResultRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  SubmitResult(argument: _ionsweep_v1_SubmitResultRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  SubmitResult(argument: _ionsweep_v1_SubmitResultRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  SubmitResult(argument: _ionsweep_v1_SubmitResultRequest, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  submitResult(argument: _ionsweep_v1_SubmitResultRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  submitResult(argument: _ionsweep_v1_SubmitResultRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  submitResult(argument: _ionsweep_v1_SubmitResultRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  submitResult(argument: _ionsweep_v1_SubmitResultRequest, callback: grpc.requestCallback<_ionsweep_v1_SubmitResultResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  Heartbeat: grpc.handleUnaryCall<_ionsweep_v1_HeartbeatRequest__Output, _ionsweep_v1_HeartbeatResponse>;
  
  Register: grpc.handleUnaryCall<_ionsweep_v1_RegisterRequest__Output, _ionsweep_v1_RegisterResponse>;
  
  ReportFailure: grpc.handleUnaryCall<_ionsweep_v1_ReportFailureRequest__Output, _ionsweep_v1_ReportFailureResponse>;
  
  StartTask: grpc.handleUnaryCall<_ionsweep_v1_StartTaskRequest__Output, _ionsweep_v1_StartTaskResponse>;
  
  StreamProgress: grpc.handleClientStreamingCall<_ionsweep_v1_TaskProgress__Output, _ionsweep_v1_StreamProgressResponse>;
  
  SubmitResult: grpc.handleUnaryCall<_ionsweep_v1_SubmitResultRequest__Output, _ionsweep_v1_SubmitResultResponse>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  Heartbeat: MethodDefinition<_ionsweep_v1_HeartbeatRequest, _ionsweep_v1_HeartbeatResponse, _ionsweep_v1_HeartbeatRequest__Output, _ionsweep_v1_HeartbeatResponse__Output>
  Register: MethodDefinition<_ionsweep_v1_RegisterRequest, _ionsweep_v1_RegisterResponse, _ionsweep_v1_RegisterRequest__Output, _ionsweep_v1_RegisterResponse__Output>
  ReportFailure: MethodDefinition<_ionsweep_v1_ReportFailureRequest, _ionsweep_v1_ReportFailureResponse, _ionsweep_v1_ReportFailureRequest__Output, _ionsweep_v1_ReportFailureResponse__Output>
  StartTask: MethodDefinition<_ionsweep_v1_StartTaskRequest, _ionsweep_v1_StartTaskResponse, _ionsweep_v1_StartTaskRequest__Output, _ionsweep_v1_StartTaskResponse__Output>
  StreamProgress: MethodDefinition<_ionsweep_v1_TaskProgress, _ionsweep_v1_StreamProgressResponse, _ionsweep_v1_TaskProgress__Output, _ionsweep_v1_StreamProgressResponse__Output>
  SubmitResult: MethodDefinition<_ionsweep_v1_SubmitResultRequest, _ionsweep_v1_SubmitResultResponse, _ionsweep_v1_SubmitResultRequest__Output, _ionsweep_v1_SubmitResultResponse__Output>
}
