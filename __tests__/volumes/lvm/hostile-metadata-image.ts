import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lvmCrc } from '../../../src/volumes/lvm/crc.js';
import { MAX_METADATA_TEXT, MDA_HEADER_SIZE } from '../../../src/volumes/lvm/metadata-area.js';
import { parsePvLabel } from '../../../src/volumes/lvm/pv-label.js';
import { repoRoot } from './lvm-fixtures.js';

export const fixture = path.join(repoRoot, '__tests__/fixtures/hostile/lvm-pv-17m-mda.raw.gz');
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The PV with its committed metadata text replaced by `text` (checksums made right again). */
export function pvWithText(text: string): Uint8Array {
  const bytes = new Uint8Array(gunzipSync(readFileSync(fixture)));
  const label = parsePvLabel(bytes.subarray(0, 2048))!;
  const area = label.metadataAreas[0]!;
  const v = view(bytes);
  const mda = area.offset;
  const encoded = new TextEncoder().encode(text + '\0');
  expect(MDA_HEADER_SIZE + encoded.length).toBeLessThanOrEqual(area.size);
  bytes.set(encoded, mda + MDA_HEADER_SIZE);
  v.setBigUint64(mda + 0x28, BigInt(MDA_HEADER_SIZE), true); // raw_locn.offset: right after the header, no wrap
  v.setBigUint64(mda + 0x30, BigInt(encoded.length), true); // raw_locn.size
  v.setUint32(mda + 0x38, lvmCrc(encoded), true); // raw_locn.checksum
  v.setUint32(mda, lvmCrc(bytes.subarray(mda + 4, mda + MDA_HEADER_SIZE)), true); // mda_header.checksum_xl
  return bytes;
}

/** `pattern(i)` repeated until the text is just under 16 MiB (the reader's text limit). */
export function sixteenMiB(head: string, pattern: (i: number) => string, tail: string): string {
  const parts = [head];
  let length = head.length + tail.length + 1;
  for (let i = 0; ; i++) {
    const piece = pattern(i);
    if (length + piece.length > MAX_METADATA_TEXT - 1) break;
    parts.push(piece);
    length += piece.length;
  }
  parts.push(tail);
  return parts.join('');
}

export const head = 'bigmdavg {\nid = "aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"\nseqno = 3\nextent_size = 2048\n';

