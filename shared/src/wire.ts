/**
 * The gRPC contract (proto/ionsweep/v1/*.proto): loaded at run time, typed by the generated
 * files in gen/ (npm run proto:gen). Message shapes come from the .proto only.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './gen/agent.js';

export type { ProtoGrpcType } from './gen/agent.js';
export type { SubmitSweepRequest__Output } from './gen/ionsweep/v1/SubmitSweepRequest.js';
export type { SubmitSweepResponse } from './gen/ionsweep/v1/SubmitSweepResponse.js';
export type { SweepRef__Output } from './gen/ionsweep/v1/SweepRef.js';
export type { SweepStatus, SweepStatus__Output } from './gen/ionsweep/v1/SweepStatus.js';
export type { SweepEvent, SweepEvent__Output } from './gen/ionsweep/v1/SweepEvent.js';
export type { TaskProgress, TaskProgress__Output } from './gen/ionsweep/v1/TaskProgress.js';
export type { SweepResults, SweepResults__Output } from './gen/ionsweep/v1/SweepResults.js';
export type { ArtifactChunk, ArtifactChunk__Output } from './gen/ionsweep/v1/ArtifactChunk.js';
export type { ArtifactsRequest__Output } from './gen/ionsweep/v1/ArtifactsRequest.js';
export type { ListSweepsResponse } from './gen/ionsweep/v1/ListSweepsResponse.js';
export type { SweepServiceHandlers, SweepServiceClient } from './gen/ionsweep/v1/SweepService.js';
export type { AgentServiceHandlers, AgentServiceClient } from './gen/ionsweep/v1/AgentService.js';
export type { TaskAssignment, TaskAssignment__Output } from './gen/ionsweep/v1/TaskAssignment.js';
export type { RegisterRequest } from './gen/ionsweep/v1/RegisterRequest.js';
export type { HeartbeatRequest } from './gen/ionsweep/v1/HeartbeatRequest.js';
export type { StartTaskRequest } from './gen/ionsweep/v1/StartTaskRequest.js';
export type { StartTaskResponse__Output } from './gen/ionsweep/v1/StartTaskResponse.js';
export type { SubmitResultRequest } from './gen/ionsweep/v1/SubmitResultRequest.js';
export type { ReportFailureRequest } from './gen/ionsweep/v1/ReportFailureRequest.js';

/** proto/ (shared/src and shared/dist are both two levels below the root). */
export const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

/** Both services, loaded with the same options the types were generated with. */
export function loadContract(): ProtoGrpcType {
  const def = protoLoader.loadSync(['ionsweep/v1/sweep.proto', 'ionsweep/v1/agent.proto'], {
    includeDirs: [PROTO_DIR],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
}

/** Calls a unary method of a generated client as a promise; rejects with the grpc.ServiceError. */
export function unaryCall<Req, Res>(
  client: grpc.Client,
  method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  req: Req,
  deadlineMs?: number,
): Promise<Res> {
  const options: grpc.CallOptions = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
  return new Promise((resolve, reject) => {
    // typed by the (request, callback) overload; every generated method also takes call options
    const withOptions = method as unknown as (
      req: Req,
      options: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, res?: Res) => void,
    ) => unknown;
    withOptions.call(client, req, options, (err: grpc.ServiceError | null, res?: Res) =>
      err ? reject(err) : resolve(res as Res),
    );
  });
}
