import { describe, expect, it } from '@jest/globals';
import type { BlobFacts } from '../../src/io/blob/blob-source.js';
import { DISK_BLOB_TYPE } from '../../src/rules/DISK-BLOB-TYPE.js';
import { findingsOf } from '../disk/image-facts.js';
import { plainImage } from '../helpers/rule-context.js';

/**
 * The blob type as the service reports it (x-ms-blob-type; __tests__/blob/gate-over-blob.slow.test.ts
 * reads it from Azurite for real uploads): only a page blob passes; a local file has no blob facts.
 */
const url = 'https://acct.blob.core.windows.net/vhds/os.vhd?sv=2024-01-01&sig=***';

describe('DISK-BLOB-TYPE', () => {
  const cases: [string, BlobFacts | undefined, number][] = [
    ['a block blob (az storage blob upload default)', { blobType: 'BlockBlob' }, 1],
    ['an append blob', { blobType: 'AppendBlob' }, 1],
    ['a page blob', { blobType: 'PageBlob' }, 0],
    ['a local file', undefined, 0],
  ];
  it.each(cases)('%s', (_name, blob, count) => {
    const findings = findingsOf(DISK_BLOB_TYPE, plainImage({ source: url, ...(blob ? { blob } : {}) }), { osState: 'generalized', hyperVGeneration: 'V2' });
    expect(findings).toHaveLength(count);
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.message).toBe(`${url} is a ${blob!.blobType}; Azure creates disks and images only from a page blob. Its contents were still inspected.`);
      expect(f.evidence).toEqual([{ detail: `x-ms-blob-type: ${blob!.blobType}` }]);
      expect(f.fix).toContain('--blob-type PageBlob');
    }
  });
});
