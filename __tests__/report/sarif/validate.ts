import { expect } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The committed SARIF 2.1.0 schema (provenance in README.md beside it), compiled with ajv
 * (draft-07). ajv ships no format checks (ajv-formats is a separate package): the three formats
 * the schema uses are checked with the URL parser and Date.
 */
const schema = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'http://base.invalid/dir/'));
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)));

/** The compiled validator: true when the value is a valid SARIF 2.1.0 log. */
export const validateSarif = ajv.compile(schema);

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are read as plain JSON */
/** A parsed SARIF log, read as plain JSON. */
export type SarifLog = any;

/** Parses a log and fails with ajv's messages unless it validates. */
export function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text);
  const ok = validateSarif(log);
  expect(ajv.errorsText(validateSarif.errors, { separator: '\n' })).toBe('No errors');
  expect(ok).toBe(true);
  return log;
}
