import { json, type Reply, type SandboxRequest } from '../../http/reply';

export const MIN_API_VERSION = 50;
export const MAX_API_VERSION = 67;

/** Release names by API version: v50.0 was Winter '21, three releases a year. */
function releaseLabel(version: number): string {
  const index = version - MIN_API_VERSION;
  return `${['Winter', 'Spring', 'Summer'][index % 3]} '${21 + Math.floor(index / 3)}`;
}

/** `GET /services/data`: every supported version, oldest first (clients pick the last). */
export function listVersions(): Reply {
  const versions = [];
  for (let version = MIN_API_VERSION; version <= MAX_API_VERSION; version++) {
    versions.push({ label: releaseLabel(version), url: `/services/data/v${version}.0`, version: `${version}.0` });
  }
  return json(200, versions);
}

/** `GET /services/data/vXX.X`: the resources of a version. */
export function listResources(request: SandboxRequest, version: string): Reply {
  const base = `/services/data/v${version}`;
  return json(200, {
    sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, limits: `${base}/limits`,
    composite: `${base}/composite`, jobs: `${base}/jobs`, identity: `${request.origin}/id`,
  });
}
