import { ApiError, type Reply } from '../http/reply';

/** Salesforce REST error body: a JSON array `[{message, errorCode, fields?}]` (contract §d.3). */
export function salesforceErrorReply(error: ApiError): Reply {
  const element: Record<string, unknown> = { message: error.message, errorCode: error.code };
  if (error.details.fields) element.fields = error.details.fields;
  return { status: error.status, body: [element] };
}

/** One record's failure inside a save: `{statusCode, message, fields}` (collections' SaveResult errors). */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export class SaveFailure extends Error {
  constructor(readonly errors: SaveError[]) {
    super(errors.map((error) => error.message).join('; '));
  }

  /** As a single-record REST error (400 with the first error's code). */
  toApiError(): ApiError {
    const first = this.errors[0];
    return new ApiError(400, first.statusCode, first.message, { fields: first.fields });
  }
}

export const saveError = (statusCode: string, message: string, fields: string[] = []): SaveFailure => new SaveFailure([{ statusCode, message, fields }]);

export const malformedQuery = (message: string): ApiError => new ApiError(400, 'MALFORMED_QUERY', message);

export function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch (error) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character or malformed JSON: ${(error as Error).message}`);
  }
}
