import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector } from '../faults/faultInjector';
import type { RequestLog, ServiceName } from './requestLog';
import type { Reply, SandboxRequest } from './reply';

/** What a CRM emulator plugs into the shared HTTP server. */
export interface EmulatedService {
  readonly name: ServiceName;
  /** Content-Type of JSON bodies (HubSpot: `application/json;charset=UTF-8`). */
  readonly jsonContentType: string;
  handle(request: SandboxRequest): Promise<Reply>;
  /** The reply for an injected HTTP status (in the platform's error shape). */
  injectedFault(status: number, request: SandboxRequest): Reply;
  /** Expires the token the request carries (fault `expire`). */
  expireRequestToken(request: SandboxRequest): void;
}

export interface RunningServer {
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, service: EmulatedService, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    if (typeof reply.body === 'string' && reply.contentType) {
      payload = reply.body;
      headers['Content-Type'] = reply.contentType;
    } else {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = reply.contentType ?? service.jsonContentType;
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Serves one emulated service on loopback; port 0 picks a free port. */
export function startServiceServer(service: EmulatedService, port: number, faults: FaultInjector, log: RequestLog): Promise<RunningServer> {
  const server: Server = createServer((incoming, response) => {
    const startedAt = performance.now();
    void (async () => {
      const url = new URL(incoming.url ?? '/', 'http://localhost');
      const host = incoming.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`;
      let rawBody: string;
      try {
        rawBody = await readBody(incoming);
      } catch {
        response.destroy();
        return;
      }
      const request: SandboxRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        rawBody,
        params: {},
        origin: `http://${host}`,
      };
      const fault = faults.drawRequestFault();
      const latency = faults.latencyMs();
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      let reply: Reply;
      if (fault?.kind === 'drop') {
        log.record({ service: service.name, method: request.method, path: request.path, status: 0, durationMs: performance.now() - startedAt, at: Date.now() });
        incoming.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        reply = service.injectedFault(fault.status, request);
      } else {
        if (fault?.kind === 'expire') service.expireRequestToken(request);
        try {
          reply = await service.handle(request);
        } catch (error) {
          reply = service.injectedFault(500, request);
          process.emitWarning(`sandbox ${service.name}: ${(error as Error).stack ?? String(error)}`);
        }
      }
      send(response, service, reply);
      log.record({ service: service.name, method: request.method, path: request.path, status: reply.status, durationMs: performance.now() - startedAt, at: Date.now() });
    })();
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actualPort = (server.address() as AddressInfo).port;
      resolve({
        port: actualPort,
        origin: `http://127.0.0.1:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
