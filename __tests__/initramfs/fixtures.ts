import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MemoryFilesystem } from '../../src/fs/memory/memory-fs.js';
import { GuestFs } from '../../src/guest/guest-fs.js';
import { limits, type Budgets } from '../../src/limits.js';
import { repoRoot } from '../fs/helpers/images.js';

/** Fixtures made by scripts/fixtures/initramfs.sh. */
export const initramfsFixtureDir = path.join(repoRoot, '__tests__/fixtures/initramfs');

/** The bytes of a fixture (a .gz one decompressed). */
export function initramfsFixture(name: string): Uint8Array {
  const bytes = readFileSync(path.join(initramfsFixtureDir, name));
  return new Uint8Array(name.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

/** A line-per-entry text fixture (cpio -t output, stat listing). */
export function fixtureLines(name: string): string[] {
  return readFileSync(path.join(initramfsFixtureDir, name), 'utf8').split('\n').filter(Boolean);
}

/** A guest whose /boot/initrd.img holds `bytes`, with some budgets lowered if asked. */
export function guestWithInitramfs(bytes: Uint8Array, lowered: Partial<Budgets> = {}): GuestFs {
  return new GuestFs([{ mountPoint: '/', fs: new MemoryFilesystem({ '/boot/initrd.img': bytes }), source: 'memory' }], { ...limits, ...lowered });
}

/** One newc header + name (+ body), as cpio -H newc writes it, for hostile shapes no tool writes. */
export function newcEntry(name: string, options: { mode?: number; body?: Uint8Array | string; namesize?: number; filesize?: number; magic?: string; nul?: boolean } = {}): Uint8Array {
  const body = typeof options.body === 'string' ? new TextEncoder().encode(options.body) : (options.body ?? new Uint8Array(0));
  const nameBytes = new TextEncoder().encode(name + (options.nul === false ? '' : '\0'));
  const hex = (n: number) => n.toString(16).padStart(8, '0').toUpperCase();
  const fields = [1, options.mode ?? 0o100644, 0, 0, 1, 0, options.filesize ?? body.length, 0, 0, 0, 0, options.namesize ?? nameBytes.length, 0];
  const header = new TextEncoder().encode((options.magic ?? '070701') + fields.map(hex).join(''));
  const namePad = (4 - ((header.length + nameBytes.length) % 4)) % 4;
  const bodyPad = (4 - (body.length % 4)) % 4;
  const out = new Uint8Array(header.length + nameBytes.length + namePad + body.length + bodyPad);
  out.set(header, 0);
  out.set(nameBytes, header.length);
  out.set(body, header.length + nameBytes.length + namePad);
  return out;
}

/** An archive of entries closed by TRAILER!!! and padded to 512 bytes, as cpio does. */
export function newcArchive(...entries: Uint8Array[]): Uint8Array {
  const parts = [...entries, newcEntry('TRAILER!!!', { mode: 0 })];
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(Math.ceil(length / 512) * 512);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
