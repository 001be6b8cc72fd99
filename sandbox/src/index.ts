/**
 * The local CRM sandbox (issue 5). Planned programmatic API:
 * startSandbox(options) → Promise<SandboxHandle>; see sandbox/README or the issue.
 */
export {};
