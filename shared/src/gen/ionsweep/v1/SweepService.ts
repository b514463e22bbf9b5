// Original file: proto/ionsweep/v1/sweep.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ArtifactChunk as _ionsweep_v1_ArtifactChunk, ArtifactChunk__Output as _ionsweep_v1_ArtifactChunk__Output } from '../../ionsweep/v1/ArtifactChunk.js';
import type { ArtifactsRequest as _ionsweep_v1_ArtifactsRequest, ArtifactsRequest__Output as _ionsweep_v1_ArtifactsRequest__Output } from '../../ionsweep/v1/ArtifactsRequest.js';
import type { ListSweepsRequest as _ionsweep_v1_ListSweepsRequest, ListSweepsRequest__Output as _ionsweep_v1_ListSweepsRequest__Output } from '../../ionsweep/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _ionsweep_v1_ListSweepsResponse, ListSweepsResponse__Output as _ionsweep_v1_ListSweepsResponse__Output } from '../../ionsweep/v1/ListSweepsResponse.js';
import type { SubmitSweepRequest as _ionsweep_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _ionsweep_v1_SubmitSweepRequest__Output } from '../../ionsweep/v1/SubmitSweepRequest.js';
import type { SubmitSweepResponse as _ionsweep_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _ionsweep_v1_SubmitSweepResponse__Output } from '../../ionsweep/v1/SubmitSweepResponse.js';
import type { SweepEvent as _ionsweep_v1_SweepEvent, SweepEvent__Output as _ionsweep_v1_SweepEvent__Output } from '../../ionsweep/v1/SweepEvent.js';
import type { SweepRef as _ionsweep_v1_SweepRef, SweepRef__Output as _ionsweep_v1_SweepRef__Output } from '../../ionsweep/v1/SweepRef.js';
import type { SweepResults as _ionsweep_v1_SweepResults, SweepResults__Output as _ionsweep_v1_SweepResults__Output } from '../../ionsweep/v1/SweepResults.js';
import type { SweepStatus as _ionsweep_v1_SweepStatus, SweepStatus__Output as _ionsweep_v1_SweepStatus__Output } from '../../ionsweep/v1/SweepStatus.js';

export interface SweepServiceClient extends grpc.Client {
  CancelSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  
  GetArtifacts(argument: _ionsweep_v1_ArtifactsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_ArtifactChunk__Output>;
  GetArtifacts(argument: _ionsweep_v1_ArtifactsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_ArtifactChunk__Output>;
  getArtifacts(argument: _ionsweep_v1_ArtifactsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_ArtifactChunk__Output>;
  getArtifacts(argument: _ionsweep_v1_ArtifactsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_ArtifactChunk__Output>;
  
  GetResults(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  GetResults(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  GetResults(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  GetResults(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  getResults(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  getResults(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  getResults(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  getResults(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepResults__Output>): grpc.ClientUnaryCall;
  
  GetSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _ionsweep_v1_SweepRef, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _ionsweep_v1_SweepRef, callback: grpc.requestCallback<_ionsweep_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  
  ListSweeps(argument: _ionsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _ionsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _ionsweep_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _ionsweep_v1_ListSweepsRequest, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _ionsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _ionsweep_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _ionsweep_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _ionsweep_v1_ListSweepsRequest, callback: grpc.requestCallback<_ionsweep_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  SubmitSweep(argument: _ionsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _ionsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _ionsweep_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _ionsweep_v1_SubmitSweepRequest, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _ionsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _ionsweep_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _ionsweep_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _ionsweep_v1_SubmitSweepRequest, callback: grpc.requestCallback<_ionsweep_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  
  WatchSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_SweepEvent__Output>;
  WatchSweep(argument: _ionsweep_v1_SweepRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_SweepEvent__Output>;
  watchSweep(argument: _ionsweep_v1_SweepRef, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_SweepEvent__Output>;
  watchSweep(argument: _ionsweep_v1_SweepRef, options?: grpc.CallOptions): grpc.ClientReadableStream<_ionsweep_v1_SweepEvent__Output>;
  
}

export interface SweepServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelSweep: grpc.handleUnaryCall<_ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepStatus>;
  
  GetArtifacts: grpc.handleServerStreamingCall<_ionsweep_v1_ArtifactsRequest__Output, _ionsweep_v1_ArtifactChunk>;
  
  GetResults: grpc.handleUnaryCall<_ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepResults>;
  
  GetSweep: grpc.handleUnaryCall<_ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepStatus>;
  
  ListSweeps: grpc.handleUnaryCall<_ionsweep_v1_ListSweepsRequest__Output, _ionsweep_v1_ListSweepsResponse>;
  
  SubmitSweep: grpc.handleUnaryCall<_ionsweep_v1_SubmitSweepRequest__Output, _ionsweep_v1_SubmitSweepResponse>;
  
  WatchSweep: grpc.handleServerStreamingCall<_ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepEvent>;
  
}

export interface SweepServiceDefinition extends grpc.ServiceDefinition {
  CancelSweep: MethodDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepStatus, _ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepStatus__Output>
  GetArtifacts: MethodDefinition<_ionsweep_v1_ArtifactsRequest, _ionsweep_v1_ArtifactChunk, _ionsweep_v1_ArtifactsRequest__Output, _ionsweep_v1_ArtifactChunk__Output>
  GetResults: MethodDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepResults, _ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepResults__Output>
  GetSweep: MethodDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepStatus, _ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepStatus__Output>
  ListSweeps: MethodDefinition<_ionsweep_v1_ListSweepsRequest, _ionsweep_v1_ListSweepsResponse, _ionsweep_v1_ListSweepsRequest__Output, _ionsweep_v1_ListSweepsResponse__Output>
  SubmitSweep: MethodDefinition<_ionsweep_v1_SubmitSweepRequest, _ionsweep_v1_SubmitSweepResponse, _ionsweep_v1_SubmitSweepRequest__Output, _ionsweep_v1_SubmitSweepResponse__Output>
  WatchSweep: MethodDefinition<_ionsweep_v1_SweepRef, _ionsweep_v1_SweepEvent, _ionsweep_v1_SweepRef__Output, _ionsweep_v1_SweepEvent__Output>
}
