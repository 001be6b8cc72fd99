import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The Metadata API namespace every source-format file declares on its root element. */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** One problem found in a metadata file, with the 1-based line it is on when known. */
export interface MetadataIssue {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** A parsed metadata file: its root element's children as plain strings/objects, plus a line finder for messages. */
export interface MetadataDocument {
  readonly file: string;
  readonly rootName: string;
  readonly root: Record<string, unknown>;
  readonly text: string;
  lineOf(tag: string, value?: string): number | undefined;
}

// Elements that may repeat; the parser returns arrays for them even when there is one.
const REPEATED_ELEMENTS = new Set([
  'fieldPermissions',
  'objectPermissions',
  'classAccesses',
  'tabSettings',
  'values',
  'targetConfig',
  'userPermissions',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED_ELEMENTS.has(name),
});

/**
 * Reads a metadata file; reports malformed XML with the parser's line, a missing or wrong root element
 * namespace, and returns the parsed document when it is well-formed.
 */
export function readMetadataFile(absolutePath: string, displayPath: string, issues: MetadataIssue[]): MetadataDocument | undefined {
  const text = readFileSync(absolutePath, 'utf8');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    issues.push({ file: displayPath, line: validation.err.line, message: `malformed XML: ${validation.err.msg}` });
    return undefined;
  }
  if (!text.startsWith('<?xml'))
    issues.push({ file: displayPath, line: 1, message: 'missing the <?xml version="1.0" encoding="UTF-8"?> declaration' });
  const parsed = parser.parse(text) as Record<string, unknown>;
  const rootNames = Object.keys(parsed).filter((name) => name !== '?xml');
  if (rootNames.length !== 1) {
    issues.push({ file: displayPath, message: `expected exactly one root element, found ${rootNames.length}` });
    return undefined;
  }
  const rootName = rootNames[0];
  const rootValue = parsed[rootName];
  const root = (typeof rootValue === 'object' && rootValue !== null ? rootValue : {}) as Record<string, unknown>;
  if (root['@_xmlns'] !== METADATA_NAMESPACE) {
    issues.push({ file: displayPath, line: 2, message: `root element <${rootName}> must declare xmlns="${METADATA_NAMESPACE}"` });
  }
  const lines = text.split('\n');
  return {
    file: displayPath,
    rootName,
    root,
    text,
    lineOf(tag: string, value?: string) {
      const needle = value === undefined ? `<${tag}` : `<${tag}>${value}</${tag}>`;
      const index = lines.findIndex((line) => line.includes(needle));
      return index === -1 ? undefined : index + 1;
    },
  };
}

/** The text of a child element, or undefined when it is absent. */
export function childText(element: Record<string, unknown>, name: string): string | undefined {
  const value = element[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Child elements that repeat (always an array). */
export function childList(element: Record<string, unknown>, name: string): Array<Record<string, unknown>> {
  const value = element[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
}
