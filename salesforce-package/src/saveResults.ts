/** One record's result from sObject Collections, create or update (jsforce's SaveResult, as the REST body has it). */
export interface SaveResultLike {
  id?: string;
  success: boolean;
  errors?: Array<{ statusCode?: string; errorCode?: string; message: string; fields?: string[] }>;
}

/** "statusCode ?? errorCode" (contract §d.2: the REST body says statusCode, jsforce's type says errorCode). */
export function reasonOf(result: SaveResultLike): string {
  const errors = result.errors ?? [];
  if (errors.length === 0) return 'Salesforce rejected the record without a reason';
  return errors
    .map(
      (error) => `${error.statusCode ?? error.errorCode ?? 'ERROR'}: ${error.message}${error.fields?.length ? ` [${error.fields.join(', ')}]` : ''}`,
    )
    .join('; ');
}
