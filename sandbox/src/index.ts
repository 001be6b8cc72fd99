/**
 * The local CRM sandbox (issue 5): protocol-faithful HubSpot and Salesforce API emulators on SQLite,
 * driven by the real `@hubspot/api-client` and jsforce. See docs/sandbox.md.
 */
export { startSandbox, SALESFORCE_API_VERSION } from './sandbox';
export type { SandboxHandle, HubSpotCredentials, SalesforceCredentials } from './sandbox';
export type { SandboxOptions } from './options';
export type { FaultSpec } from './faults/faultSpec';
export { parseFaultSpec } from './faults/faultSpec';
export type { RequestLogEntry } from './http/requestLog';
export { hubspotSignatureV3Headers, postSignedHubSpotWebhook } from './hubspot/signedRequests';
export type { SignatureInput, WebhookEvent } from './hubspot/signedRequests';
