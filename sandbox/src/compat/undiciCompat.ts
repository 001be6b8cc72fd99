import Module from 'node:module';
import { join } from 'node:path';

/**
 * jsforce 3.10.26 depends on undici ^8, and undici 8 needs Node ≥ 22.19: on Node 20 it throws while
 * loading (`createZstdDecompress` / `markAsUncloneable` are missing). The sandbox ships undici 7.16.0
 * (Node ≥ 20.18.1, same Agent/ProxyAgent/Response API jsforce uses) and, on Node < 22, redirects
 * `require('undici')` to it. The proper fix is a root `"overrides": {"undici": "7.16.0"}`.
 */
export function useNode20CompatibleUndici(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return;
  const target = require.resolve('undici', { paths: [join(__dirname, '..', '..')] });
  const moduleWithResolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; __paUndiciPatched?: boolean };
  if (moduleWithResolver.__paUndiciPatched) return;
  const original = moduleWithResolver._resolveFilename;
  moduleWithResolver._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'undici' ? target : original.call(this, request, ...rest);
  };
  moduleWithResolver.__paUndiciPatched = true;
}
