/** SweepService (clients) and AgentService (node agents) over gRPC: thin layers over the Coordinator. */
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { errorMessage, InputError } from '@ionsweep/shared';
import {
  loadContract,
  ServerSecrets,
  UNAUTHENTICATED_MESSAGE,
  type AgentServiceHandlers,
  type ArtifactChunk,
  type ArtifactsRequest__Output,
  type SweepServiceHandlers,
  type TaskProgress__Output,
} from '@ionsweep/shared/net';
import { Coordinator, isTerminal, UnknownSweep, type CoordinatorEvent } from '../service/coordinator.js';

class Unauthenticated extends Error {}

/** Maps our errors to gRPC status codes with one-line messages. */
function toStatus(err: unknown): Partial<grpc.ServiceError> {
  if (err instanceof Unauthenticated) return { code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE };
  if (err instanceof InputError) return { code: grpc.status.INVALID_ARGUMENT, details: err.message };
  if (err instanceof UnknownSweep) return { code: grpc.status.NOT_FOUND, details: err.message };
  return { code: grpc.status.INTERNAL, details: errorMessage(err) };
}

/** What every handler does around its work: check the token, record method, code and duration. */
interface Guard {
  authorized(metadata: grpc.Metadata): boolean;
  observe(method: string, code: grpc.status, seconds?: number): void;
}

const codeName = (code: grpc.status) => grpc.status[code] ?? String(code);

function guard(c: Coordinator, secrets: ServerSecrets): Guard {
  return {
    authorized: (metadata) => secrets.authorized(metadata),
    observe: (method, code, seconds) => c.metrics?.grpc(method, codeName(code), seconds),
  };
}

function unary<Req, Res>(
  g: Guard,
  method: string,
  fn: (req: Req) => Res | Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  const observe = g.observe;
  return (call, callback) => {
    const started = performance.now();
    Promise.resolve()
      .then(() => {
        if (!g.authorized(call.metadata)) throw new Unauthenticated();
        return fn(call.request);
      })
      .then(
        (res) => {
          observe(method, grpc.status.OK, (performance.now() - started) / 1000);
          callback(null, res);
        },
        (err: unknown) => {
          const status = toStatus(err);
          observe(method, status.code ?? grpc.status.UNKNOWN, (performance.now() - started) / 1000);
          callback(status as grpc.ServiceError, null);
        },
      );
  };
}

export function sweepHandlers(c: Coordinator, g: Guard): SweepServiceHandlers {
  const observe = g.observe;
  return {
    SubmitSweep: unary(g, 'SubmitSweep', (req) => c.submit(req)),
    GetSweep: unary(g, 'GetSweep', (req) => c.status(req.sweep_id)),
    ListSweeps: unary(g, 'ListSweeps', () => ({ sweeps: c.list() })),
    CancelSweep: unary(g, 'CancelSweep', (req) => c.cancel(req.sweep_id)),
    GetResults: unary(g, 'GetResults', (req) => c.results(req.sweep_id)),
    GetArtifacts: (call) => void streamArtifacts(c, g, call),
    WatchSweep: (call) => {
      const id = call.request.sweep_id;
      let first;
      try {
        if (!g.authorized(call.metadata)) throw new Unauthenticated();
        first = c.status(id);
      } catch (err) {
        observe('WatchSweep', toStatus(err).code ?? grpc.status.UNKNOWN);
        // a server stream ends with an error status by emitting it (destroy() would leave the client waiting)
        call.emit('error', toStatus(err));
        return;
      }
      observe('WatchSweep', grpc.status.OK);
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

/** Bytes per ArtifactChunk: well under gRPC's 4 MiB message limit. */
export const ARTIFACT_CHUNK_BYTES = 1 << 20;

/** GetArtifacts: each task's files in chunks, respecting the stream's backpressure. */
async function streamArtifacts(
  c: Coordinator,
  g: Guard,
  call: grpc.ServerWritableStream<ArtifactsRequest__Output, ArtifactChunk>,
): Promise<void> {
  const started = performance.now();
  // wait for the client when the stream's buffer is full (a cancelled call ends the wait too)
  const write = (chunk: ArtifactChunk) =>
    new Promise<void>((resolve) => {
      if (call.write(chunk)) return resolve();
      call.once('drain', resolve);
      call.once('cancelled', resolve);
    });
  try {
    if (!g.authorized(call.metadata)) throw new Unauthenticated();
    const { sweep_id, task_id } = call.request;
    for await (const { taskId, files } of c.artifacts(sweep_id, task_id)) {
      if (call.cancelled) return;
      if (!files) await write({ task_id: taskId, missing: true });
      for (const [name, bytes] of files ?? []) {
        for (let at = 0; at === 0 || at < bytes.length; at += ARTIFACT_CHUNK_BYTES) {
          const data = bytes.subarray(at, at + ARTIFACT_CHUNK_BYTES);
          const last = at + ARTIFACT_CHUNK_BYTES >= bytes.length;
          await write({ task_id: taskId, name, data, size: bytes.length, last });
        }
      }
    }
    g.observe('GetArtifacts', grpc.status.OK, (performance.now() - started) / 1000);
    call.end();
  } catch (err) {
    const status = toStatus(err);
    g.observe('GetArtifacts', status.code ?? grpc.status.UNKNOWN, (performance.now() - started) / 1000);
    call.emit('error', status);
  }
}

/**
 * The agents' open StreamProgress calls. Each agent keeps one for its whole life, so a server
 * that waited for them to end would never stop: shutdown ends them (OK) first, and the agents
 * open new ones with the next coordinator.
 */
export class ProgressStreams {
  private readonly open = new Set<() => void>();

  /** Tracks a call; returns its `finish`, which answers it once. */
  track(answer: () => void): { finish(): void; drop(): void } {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.open.delete(finish);
      answer();
    };
    this.open.add(finish);
    return {
      finish,
      drop: () => {
        done = true;
        this.open.delete(finish);
      },
    };
  }

  /** Ends every open stream; returns how many there were. */
  endAll(): number {
    const n = this.open.size;
    for (const finish of [...this.open]) finish();
    return n;
  }
}

export function agentHandlers(c: Coordinator, g: Guard, streams = new ProgressStreams()): AgentServiceHandlers {
  const observe = g.observe;
  return {
    Register: unary(g, 'Register', (req) => {
      c.register(req.agent_id, req.hostname, req.workers);
      return { heartbeat_interval_ms: c.heartbeatIntervalMs };
    }),
    Heartbeat: unary(g, 'Heartbeat', (req) => ({
      known: c.heartbeat(req.agent_id, req.busy_workers, req.workers, req.running_tasks),
    })),
    StartTask: unary(g, 'StartTask', (req) => c.startTask(req.task_id, req.generation, req.delivery)),
    StreamProgress: (call, callback) => {
      if (!g.authorized(call.metadata)) {
        observe('StreamProgress', grpc.status.UNAUTHENTICATED);
        callback({ code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE } as grpc.ServiceError);
        return;
      }
      const stream = streams.track(() => callback(null, {}));
      call.on('data', (p: TaskProgress__Output) => c.progress(p));
      call.on('end', () => {
        observe('StreamProgress', grpc.status.OK);
        stream.finish();
      });
      call.on('error', () => stream.drop()); // the agent went away; it reopens the stream when it is back
    },
    SubmitResult: unary(g, 'SubmitResult', (req) => ({ first: c.submitResult(req.task_id, req.result_json) })),
    ReportFailure: unary(g, 'ReportFailure', (req) => {
      c.reportFailure(req.agent_id, req.task_id, req.error, req.final);
      return {};
    }),
  };
}

/**
 * Starts the server; resolves to the bound port. TLS and the token check come from `secrets`,
 * which may be replaced while it serves.
 */
export async function startCoordinatorServer(
  c: Coordinator,
  address: string,
  secrets: ServerSecrets = new ServerSecrets({}),
): Promise<{ server: grpc.Server; port: number; shutdown(graceMs?: number): Promise<void> }> {
  const proto = loadContract();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const g = guard(c, secrets);
  const streams = new ProgressStreams();
  server.addService(proto.ionsweep.v1.SweepService.service, sweepHandlers(c, g));
  server.addService(proto.ionsweep.v1.AgentService.service, agentHandlers(c, g, streams));
  // the standard gRPC health-checking protocol (grpc.health.v1.Health), for probes and balancers;
  // like every call it needs TLS when the server has it, but no token
  const health = new HealthImplementation({
    '': 'NOT_SERVING',
    'ionsweep.v1.SweepService': 'NOT_SERVING',
    'ionsweep.v1.AgentService': 'NOT_SERVING',
  });
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, secrets.credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  const setHealth = (status: 'SERVING' | 'NOT_SERVING') =>
    ['', 'ionsweep.v1.SweepService', 'ionsweep.v1.AgentService'].forEach((name) => health.setStatus(name, status));
  setHealth('SERVING');
  return {
    server,
    port,
    shutdown: (graceMs = SHUTDOWN_GRACE_MS) => {
      setHealth('NOT_SERVING');
      return shutdown(server, streams, graceMs);
    },
  };
}

/** How long in-flight calls get to finish when the coordinator stops, before they are cut. */
export const SHUTDOWN_GRACE_MS = 5000;

/**
 * Stops taking calls, ends the agents' progress streams, lets in-flight calls finish, and cuts
 * what is left after `graceMs` (a stuck client cannot hold the process).
 */
function shutdown(server: grpc.Server, streams: ProgressStreams, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
    streams.endAll();
  });
}
