import type { IncomingHttpHeaders } from 'node:http';

/** One parsed inbound request, as every route handler sees it. */
export interface SandboxRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly params: Record<string, string>;
  /** The origin the client used (`http://127.0.0.1:PORT`), for absolute links. */
  readonly origin: string;
}

/** What a handler answers; the server adds the service's common headers. */
export interface Reply {
  status: number;
  /** JSON value (serialised), string (sent as is with `contentType`) or undefined (empty body). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Thrown by handlers; the service turns it into its platform's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}
