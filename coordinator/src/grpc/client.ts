/** A promise-based SweepService client for the CLI. */
import * as grpc from '@grpc/grpc-js';
import { InputError, loadContract, unaryCall, type SweepServiceClient } from '@ionsweep/shared';

export function sweepClient(address: string): SweepServiceClient {
  if (!/^[^:\s]+:\d+$/.test(address)) throw new InputError('--coordinator', `expected HOST:PORT, got '${address}'`);
  return new (loadContract().ionsweep.v1.SweepService)(address, grpc.credentials.createInsecure());
}

/** Calls a unary method; gRPC errors become one-line messages (INVALID_ARGUMENT → InputError). */
export async function call<Req, Res>(
  client: SweepServiceClient,
  method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  try {
    return await unaryCall(client, method, req);
  } catch (e) {
    const err = e as grpc.ServiceError;
    if (err.code === grpc.status.INVALID_ARGUMENT || err.code === grpc.status.NOT_FOUND) {
      const m = /^(.*?): (.*)$/.exec(err.details);
      throw m ? new InputError(m[1], m[2]) : new InputError('coordinator', err.details);
    }
    if (err.code === grpc.status.UNAVAILABLE)
      throw new Error(`cannot reach the coordinator: ${err.details}`, { cause: e });
    throw new Error(err.details || err.message, { cause: e });
  }
}
