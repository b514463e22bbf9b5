/** A promise-based SweepService client for the CLI. */
import * as grpc from '@grpc/grpc-js';
import { InputError, loadSweepProto, type SweepServiceClient } from '@ionsweep/shared';

export function sweepClient(address: string): SweepServiceClient {
  if (!/^[^:\s]+:\d+$/.test(address)) throw new InputError('--coordinator', `expected HOST:PORT, got '${address}'`);
  return new (loadSweepProto().ionsweep.v1.SweepService)(address, grpc.credentials.createInsecure());
}

/** Calls a unary method; gRPC errors become one-line messages (INVALID_ARGUMENT → InputError). */
export function call<Req, Res>(
  client: SweepServiceClient,
  method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, req, (err: grpc.ServiceError | null, res?: Res) => {
      if (!err) return resolve(res as Res);
      if (err.code === grpc.status.INVALID_ARGUMENT || err.code === grpc.status.NOT_FOUND) {
        const m = /^(.*?): (.*)$/.exec(err.details);
        return reject(m ? new InputError(m[1], m[2]) : new InputError('coordinator', err.details));
      }
      if (err.code === grpc.status.UNAVAILABLE)
        return reject(new Error(`cannot reach the coordinator: ${err.details}`));
      reject(new Error(err.details || err.message));
    });
  });
}
