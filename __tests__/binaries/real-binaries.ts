import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readBinary, type BinaryInfo } from '../../src/binaries/read-binary.js';
import { MemorySource } from '../../src/io/byte-source.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../data/binaries');

/** The real binaries of scripts/fixtures/binaries.sh (see __tests__/data/binaries/README.md). */
export type RealBinary = 'shimx64.efi.signed' | 'grubx64.efi.signed' | 'grubx64-mkimage-unsigned.efi' | 'grubx64-custom-signed.efi' | 'busybox-arm64';

const cache = new Map<string, Uint8Array>();

export function realBinary(name: RealBinary): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(gunzipSync(readFileSync(path.join(dir, `${name}.gz`))));
    cache.set(name, bytes);
  }
  return bytes;
}

export function realSource(name: RealBinary): MemorySource {
  return new MemorySource(realBinary(name), name);
}

export function readReal(name: RealBinary): Promise<BinaryInfo> {
  return readBinary(realSource(name));
}
