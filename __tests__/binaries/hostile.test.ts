import { describe, expect, it } from '@jest/globals';
import { readBinary } from '../../src/binaries/read-binary.js';
import { DerReader } from '../../src/binaries/der.js';
import { BinaryError, LimitError } from '../../src/errors.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { realBinary } from './real-binaries.js';

/** A copy of a real binary with `edit` applied. */
function edited(name: Parameters<typeof realBinary>[0], edit: (b: Uint8Array, v: DataView) => void): MemorySource {
  const bytes = new Uint8Array(realBinary(name));
  edit(bytes, new DataView(bytes.buffer));
  return new MemorySource(bytes, name);
}

const shim = 'shimx64.efi.signed' as const;
const peOffset = (v: DataView): number => v.getUint32(0x3c, true);
/** Offset of data directory 4 (security) in a PE32+ header. */
const securityDir = (v: DataView): number => peOffset(v) + 24 + 112 + 4 * 8;

describe('hostile binaries end in typed errors with offsets', () => {
  it.each([
    ['an ELF whose e_phoff points past the end', () => edited('busybox-arm64', (_b, v) => v.setBigUint64(0x20, 0xffff_ffffn, true)), { layer: 'binary', kind: 'corrupt', offset: 0x20 }],
    ['an ELF with e_phoff beyond 2^53', () => edited('busybox-arm64', (_b, v) => v.setBigUint64(0x20, 0xffff_ffff_ffff_ffffn, true)), { layer: 'binary', kind: 'corrupt' }],
    ['an ELF with an unknown EI_CLASS', () => edited('busybox-arm64', (b) => (b[4] = 7)), { layer: 'binary', kind: 'corrupt', offset: 4 }],
    ['a truncated ELF header', () => new MemorySource(realBinary('busybox-arm64').subarray(0, 40), 'elf'), { layer: 'binary', kind: 'corrupt' }],
    ['a PE whose e_lfanew points past the end', () => edited(shim, (_b, v) => v.setUint32(0x3c, 0x7fff_fff0, true)), { layer: 'binary', kind: 'corrupt', offset: 0x3c }],
    ['a PE without its PE\\0\\0 signature', () => edited(shim, (b, v) => (b[peOffset(v)] = 0x58)), { layer: 'binary', kind: 'corrupt' }],
    ['a PE with 65535 sections', () => edited(shim, (_b, v) => v.setUint16(peOffset(v) + 6, 0xffff, true)), { layer: 'binary', kind: 'corrupt' }],
    ['a security directory past the end', () => edited(shim, (_b, v) => v.setUint32(securityDir(v), 0x7000_0000, true)), { layer: 'binary', kind: 'corrupt' }],
    ['a security directory larger than authenticodeBytes', () => edited(shim, (b, v) => {
      const at = securityDir(v);
      v.setUint32(at, 0, true);
      v.setUint32(at + 4, b.length, true);
    }), { layer: 'binary', kind: 'limit', budget: 'authenticodeBytes' }],
    ['a WIN_CERTIFICATE whose dwLength overruns the table', () => edited(shim, (_b, v) => v.setUint32(v.getUint32(securityDir(v), true), 0x10_0000, true)), { layer: 'binary', kind: 'corrupt' }],
    ['a SignedData whose outer DER length overflows', () => edited(shim, (b, v) => {
      const cert = v.getUint32(securityDir(v), true) + 8;
      // 30 82 xx xx -> 30 84 7f ff ff ff: a 2 GiB SEQUENCE
      b.set([0x30, 0x84, 0x7f, 0xff], cert);
    }), { layer: 'binary', kind: 'corrupt' }],
  ])('%s', async (_what, source, expected) => {
    const error = await readBinary(source()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected.kind === 'limit' ? LimitError : BinaryError);
    expect(error).toMatchObject(expected);
  });

  it.each([
    ['indefinite length', [0x30, 0x80, 0x00, 0x00]],
    ['a 5-byte length field', [0x30, 0x85, 1, 1, 1, 1, 1]],
    ['a child longer than its parent', [0x30, 0x03, 0x04, 0x05, 0x00]],
    ['a header cut short', [0x30]],
    ['high-tag-number form', [0x1f, 0x81, 0x01, 0x00]],
  ])('DER: %s is corrupt at its offset', (_what, bytes) => {
    const der = new DerReader(new Uint8Array(bytes), 0x1000, 'test');
    expect(() => der.children(der.node(0))).toThrow(BinaryError);
  });
});
