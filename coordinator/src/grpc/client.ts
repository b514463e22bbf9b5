/** A promise-based SweepService client for the CLI. */
import * as grpc from '@grpc/grpc-js';
import { InputError } from '@ionsweep/shared';
import {
  clientSecurity,
  loadContract,
  unaryCall,
  type ClientSecurityOptions,
  type SweepServiceClient,
} from '@ionsweep/shared/net';

export function sweepClient(address: string, security: ClientSecurityOptions = {}): SweepServiceClient {
  if (!/^[^:\s]+:\d+$/.test(address)) throw new InputError('--coordinator', `expected HOST:PORT, got '${address}'`);
  const { credentials, options } = clientSecurity(security);
  return new (loadContract().ionsweep.v1.SweepService)(address, credentials, options);
}

/** The one message a refused client gets (the token itself is never echoed). */
export const UNAUTHENTICATED_HINT =
  'unauthenticated: the coordinator refused this client (missing or wrong token: see --token-file)';

/** A gRPC error as the CLI reports it: INVALID_ARGUMENT and NOT_FOUND → InputError (exit 2), one line. */
export function cliError(e: unknown): Error {
  const err = e as grpc.ServiceError;
  if (err.code === grpc.status.INVALID_ARGUMENT || err.code === grpc.status.NOT_FOUND) {
    const m = /^(.*?): (.*)$/.exec(err.details);
    return m ? new InputError(m[1], m[2]) : new InputError('coordinator', err.details);
  }
  if (err.code === grpc.status.UNAUTHENTICATED) return new Error(UNAUTHENTICATED_HINT, { cause: e });
  if (err.code === grpc.status.UNAVAILABLE)
    return new Error(`cannot reach the coordinator: ${err.details}`, { cause: e });
  return new Error(err.details || err.message, { cause: e });
}

/** Calls a unary method; gRPC errors become one-line messages (see cliError). */
export async function call<Req, Res>(
  client: SweepServiceClient,
  method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  try {
    return await unaryCall(client, method, req);
  } catch (e) {
    throw cliError(e);
  }
}
