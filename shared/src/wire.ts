/**
 * The gRPC contract (proto/ionsweep/v1/*.proto): loaded at run time, typed by the generated
 * files in gen/ (npm run proto:gen). Message shapes come from the .proto only.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './gen/sweep.js';

export type { ProtoGrpcType } from './gen/sweep.js';
export type { SubmitSweepRequest__Output } from './gen/ionsweep/v1/SubmitSweepRequest.js';
export type { SubmitSweepResponse } from './gen/ionsweep/v1/SubmitSweepResponse.js';
export type { SweepRef__Output } from './gen/ionsweep/v1/SweepRef.js';
export type { SweepStatus, SweepStatus__Output } from './gen/ionsweep/v1/SweepStatus.js';
export type { SweepEvent, SweepEvent__Output } from './gen/ionsweep/v1/SweepEvent.js';
export type { TaskProgress } from './gen/ionsweep/v1/TaskProgress.js';
export type { SweepResults, SweepResults__Output } from './gen/ionsweep/v1/SweepResults.js';
export type { ListSweepsResponse } from './gen/ionsweep/v1/ListSweepsResponse.js';
export type { SweepServiceHandlers } from './gen/ionsweep/v1/SweepService.js';
export type { SweepServiceClient } from './gen/ionsweep/v1/SweepService.js';

/** proto/ionsweep/v1/sweep.proto (shared/src and shared/dist are both two levels below the root). */
export const SWEEP_PROTO = fileURLToPath(new URL('../../proto/ionsweep/v1/sweep.proto', import.meta.url));

/** The loaded package, with the same options the types were generated with. */
export function loadSweepProto(): ProtoGrpcType {
  const def = protoLoader.loadSync(SWEEP_PROTO, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
}
