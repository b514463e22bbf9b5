/** SweepService (clients) and AgentService (node agents) over gRPC: thin layers over the Coordinator. */
import * as grpc from '@grpc/grpc-js';
import {
  InputError,
  loadContract,
  type AgentServiceHandlers,
  type SweepServiceHandlers,
  type TaskProgress__Output,
} from '@ionsweep/shared';
import { Coordinator, isTerminal, UnknownSweep, type CoordinatorEvent } from '../service/coordinator.js';

/** Maps our errors to gRPC status codes with one-line messages. */
function toStatus(err: unknown): Partial<grpc.ServiceError> {
  if (err instanceof InputError) return { code: grpc.status.INVALID_ARGUMENT, details: err.message };
  if (err instanceof UnknownSweep) return { code: grpc.status.NOT_FOUND, details: err.message };
  return { code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

function unary<Req, Res>(fn: (req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => callback(toStatus(err) as grpc.ServiceError, null),
      );
  };
}

export function sweepHandlers(c: Coordinator): SweepServiceHandlers {
  return {
    SubmitSweep: unary((req) => c.submit(req)),
    GetSweep: unary((req) => c.status(req.sweep_id)),
    ListSweeps: unary(() => ({ sweeps: c.list() })),
    CancelSweep: unary((req) => c.cancel(req.sweep_id)),
    GetResults: unary((req) => c.results(req.sweep_id)),
    WatchSweep: (call) => {
      const id = call.request.sweep_id;
      let first;
      try {
        first = c.status(id);
      } catch (err) {
        call.destroy(Object.assign(new Error((toStatus(err).details as string) ?? 'error'), toStatus(err)));
        return;
      }
      const listener = (e: CoordinatorEvent) => {
        if (e.sweepId !== id) return;
        if (e.progress) call.write({ sweep_id: id, progress: e.progress });
        if (e.status) {
          call.write({ sweep_id: id, status: e.status });
          if (isTerminal(e.status.state)) end();
        }
      };
      const end = () => {
        c.events.off('event', listener);
        call.end();
      };
      c.events.on('event', listener);
      call.on('cancelled', () => c.events.off('event', listener));
      call.write({ sweep_id: id, status: first });
      if (isTerminal(first.state)) end();
    },
  };
}

export function agentHandlers(c: Coordinator, heartbeatIntervalMs: number): AgentServiceHandlers {
  return {
    Register: unary((req) => {
      c.register(req.agent_id, req.hostname, req.workers);
      return { heartbeat_interval_ms: heartbeatIntervalMs };
    }),
    Heartbeat: unary((req) => ({
      known: c.heartbeat(req.agent_id, req.busy_workers, req.workers, req.running_tasks),
    })),
    StartTask: unary((req) => c.startTask(req.task_id, req.generation)),
    StreamProgress: (call, callback) => {
      call.on('data', (p: TaskProgress__Output) => c.progress(p));
      call.on('end', () => callback(null, {}));
      call.on('error', () => {}); // the agent went away; it reopens the stream when it is back
    },
    SubmitResult: unary((req) => ({ first: c.submitResult(req.task_id, req.result_json) })),
    ReportFailure: unary((req) => {
      c.reportFailure(req.agent_id, req.task_id, req.error, req.final);
      return {};
    }),
  };
}

/** Starts the server; resolves to the bound port. */
export async function startCoordinatorServer(
  c: Coordinator,
  address: string,
  options: { heartbeatIntervalMs?: number } = {},
): Promise<{ server: grpc.Server; port: number }> {
  const proto = loadContract();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  server.addService(proto.ionsweep.v1.SweepService.service, sweepHandlers(c));
  server.addService(proto.ionsweep.v1.AgentService.service, agentHandlers(c, options.heartbeatIntervalMs ?? 5000));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port };
}
