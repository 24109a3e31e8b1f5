import http from 'node:http';
import type { Socket } from 'node:net';

/** One request a load client sends. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadOptions {
  /** `http://127.0.0.1:port` */
  readonly origin: string;
  readonly connections: number;
  readonly seconds: number;
  /** a request not answered in this time is abandoned and counted as a timeout */
  readonly timeoutMs: number;
  /** the request client number `client` sends as its `sent`-th (from 0) */
  readonly next: (client: number, sent: number) => LoadRequest;
  /** called with each answer's status (bodies are read and dropped) */
  readonly onAnswer?: (request: LoadRequest, status: number) => void;
}

export interface LoadResult {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** connections opened, the first `connections` included (more means the server closed some) */
  readonly connectionsOpened: number;
  readonly errors: number;
  readonly timeouts: number;
  /** answers other than 2xx, by status */
  readonly non2xx: Readonly<Record<number, number>>;
}

/**
 * A closed-loop load: `connections` keep-alive clients, each sending its next request as soon as
 * the last is answered, for `seconds`. Every client connects (and is answered once, on
 * `/api/health`) before the load starts, and requests still in flight at the end are waited for.
 *
 * Why not autocannon here: it opens all its connections at the instant the load starts, and
 * Node's HTTP server, once its event loop is saturated by the first connections' requests, takes
 * the rest from the kernel's accept queue about one per loop turn (≈150 ms on two cores; the same
 * with a bare `http.createServer`). The last of 200 clients then waited up to 30 s for its first
 * answer: a measure of how a saturated Node process accepts connections, not of Atalaya. Clients
 * that connect first measure the server's answers.
 */
export async function closedLoopLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.origin);
  let connectionsOpened = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, scheduling: 'fifo' });
  const createConnection = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket;
  (agent as unknown as { createConnection: (...args: unknown[]) => Socket }).createConnection = (...args) => {
    connectionsOpened += 1;
    return createConnection(...args);
  };

  const latencies: number[] = [];
  let errors = 0;
  let timeouts = 0;
  const non2xx: Record<number, number> = {};

  const send = (request: LoadRequest): Promise<number | undefined> =>
    new Promise((resolve) => {
      const started = performance.now();
      let settled = false;
      const settle = (status: number | undefined): void => {
        if (settled) return;
        settled = true;
        resolve(status);
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: request.method,
          path: request.path,
          headers: {
            ...request.headers,
            ...(request.body === undefined ? {} : { 'content-length': Buffer.byteLength(request.body) }),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            settle(res.statusCode);
          });
          res.on('error', () => {
            errors += 1;
            settle(undefined);
          });
        },
      );
      req.setTimeout(options.timeoutMs, () => {
        timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => {
        if (error.message !== 'timeout') errors += 1;
        settle(undefined);
      });
      req.end(request.body);
    });

  // Connect every client first (the server is idle, so it accepts them at once).
  const health = await Promise.all(
    Array.from({ length: options.connections }, () => send({ method: 'GET', path: '/api/health' })),
  );
  if (health.some((status) => status !== 200))
    throw new Error(`clients could not connect: ${health.join(',')}`);
  latencies.length = 0;

  const started = performance.now();
  const until = started + options.seconds * 1000;
  let requests = 0;
  const client = async (number: number): Promise<void> => {
    for (let sent = 0; performance.now() < until; sent += 1) {
      const request = options.next(number, sent);
      const status = await send(request);
      requests += 1;
      if (status === undefined) continue;
      if (status < 200 || status >= 300) non2xx[status] = (non2xx[status] ?? 0) + 1;
      options.onAnswer?.(request, status);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, number) => client(number)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const quantile = (q: number): number =>
    sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return {
    seconds: Math.round(seconds * 100) / 100,
    requests,
    requestsPerSecond: Math.round(requests / seconds),
    latencyMs: { p50: quantile(0.5), p99: quantile(0.99), max: Math.round(sorted.at(-1) ?? 0) },
    connectionsOpened,
    errors,
    timeouts,
    non2xx,
  };
}
