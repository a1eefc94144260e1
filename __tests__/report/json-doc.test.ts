import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReport, errorReport, inspectReport } from '../../src/report/json.js';
import { failingResult, guestErrorResult } from './sample-results.js';

const doc = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/json-report.md'), 'utf8');

/** Every key the reporter emits must be documented in docs/json-report.md (as `key`). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      // Intent sources are keyed by intent field, facts by subject: their own names are documented.
      if (key !== 'sources' && key !== 'facts') keysOf(v, into);
    }
  }
  return into;
}

describe('docs/json-report.md', () => {
  const reports = {
    check: checkReport(failingResult()),
    'check with verdict error': checkReport(guestErrorResult()),
    'cannot inspect': errorReport('d.vhd', { layer: 'io', kind: 'io', offset: null, path: null, message: 'm' }),
    inspect: inspectReport(failingResult()),
  };
  it.each(Object.entries(reports))('documents every field of the %s report', (_name, report) => {
    const undocumented = [...keysOf(report)].filter((key) => !doc.includes(`\`${key}\``) && !doc.includes(`\`${key}[]\``));
    expect(undocumented).toEqual([]);
  });
});
