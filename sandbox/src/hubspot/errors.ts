import { randomUUID } from 'node:crypto';
import { ApiError, type Reply } from '../http/reply';

/** HubSpot's JSON content type, sent on every JSON response (the api-client refuses bodies without one). */
export const HUBSPOT_JSON = 'application/json;charset=UTF-8';

/**
 * HubSpot's error body: `{status:"error", message, correlationId, category[, subCategory, context, errors, links]}`
 * (contract §b.7; api-client `StandardError`/`Error` models).
 */
export function hubspotErrorBody(category: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function hubspotErrorReply(error: ApiError): Reply {
  return { status: error.status, body: hubspotErrorBody(error.code, error.message, error.details) };
}

export const validationError = (message: string, extra: Record<string, unknown> = {}): ApiError => new ApiError(400, 'VALIDATION_ERROR', message, extra);
export const notFound = (message = 'Resource not found', extra: Record<string, unknown> = {}): ApiError => new ApiError(404, 'OBJECT_NOT_FOUND', message, extra);
export const conflict = (message: string, extra: Record<string, unknown> = {}): ApiError => new ApiError(409, 'CONFLICT', message, extra);

/** Parses a JSON request body or fails the way HubSpot does on malformed JSON. */
export function parseJsonBody(rawBody: string): unknown {
  if (!rawBody) throw validationError('Invalid input JSON: request body is empty');
  try {
    return JSON.parse(rawBody);
  } catch (error) {
    throw validationError(`Invalid input JSON on line 1: ${(error as Error).message}`);
  }
}

/** Zod issues → one HubSpot VALIDATION_ERROR naming the offending fields. */
export function zodValidationError(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ApiError {
  const errors = issues.map((issue) => ({ message: `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`, in: issue.path.map(String).join('.') }));
  return validationError(`Invalid input: ${errors.map((error) => error.message).join('; ')}`, { errors });
}
