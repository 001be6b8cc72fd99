import type { Reply, SandboxRequest } from './reply';

export type Handler<Context> = (request: SandboxRequest, context: Context) => Reply | Promise<Reply>;

interface Route<Context> {
  method: string;
  segments: string[];
  handler: Handler<Context>;
}

/**
 * A minimal path router: `:name` captures one segment, a trailing `*rest` captures the remainder.
 * Routes are tried in registration order, so register literal paths before parameterised ones.
 */
export class Router<Context> {
  private readonly routes: Route<Context>[] = [];

  add(method: string, pattern: string, handler: Handler<Context>): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler and captured parameters; `methodMismatch` when the path exists under another method. */
  match(method: string, path: string): { handler: Handler<Context>; params: Record<string, string> } | { methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean);
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { handler: route.handler, params };
    }
    return { methodMismatch };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const segment = pattern[index];
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = parts.slice(index).map(decodeURIComponent).join('/');
      return params;
    }
    if (index >= parts.length) return undefined;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(parts[index]);
      } catch {
        return undefined;
      }
    } else if (segment !== parts[index]) return undefined;
  }
  return pattern.length === parts.length ? params : undefined;
}
