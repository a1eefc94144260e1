import { createGunzip } from 'node:zlib';
import { BinaryError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { hasMagic, u16 } from './fields.js';
import type { Machine } from './machine.js';

/**
 * Linux kernel image formats, recognised from their boot headers so the kernel's architecture
 * is known even when the image is not a PE (an EFI-stub kernel is also a PE; its COFF Machine
 * then says the same thing):
 * - x86 bzImage: "HdrS" at 0x202 (Documentation/arch/x86/boot.rst, "The real-mode kernel header");
 * - arm64 Image: magic "ARM\x64" at 0x38 (Documentation/arch/arm64/booting.rst);
 * - arm64 EFI zboot: "MZ" then "zimg" at offset 4, the compressed Image inside a PE
 *   (drivers/firmware/efi/libstub/zboot-header.S);
 * - a gzip-compressed arm64 Image (what Debian and older Ubuntu install as vmlinuz on arm64):
 *   its first kilobytes are inflated to find the Image header.
 */
export type KernelFormat = 'bzImage' | 'arm64 Image' | 'arm64 zboot' | 'gzip Image';

export interface KernelImageHeader {
  format: KernelFormat;
  /** What the header says about the architecture; undefined when it does not say (a gzip stream holding something else). */
  machine?: Machine;
  /** bzImage boot protocol version ("2.15"). */
  bootProtocol?: string;
  /** zboot: the payload's compression ("gzip", "zstd"). */
  compression?: string;
}

/** Offset of "HdrS" in a bzImage. */
const HDRS = 0x202;
/** Offset of the arm64 Image magic. */
const ARM64_MAGIC = 0x38;
/** xloadflags (boot protocol 2.12+): bit 0 XLF_KERNEL_64, a 64-bit kernel. */
const XLOADFLAGS = 0x236;
/** Compressed bytes inflated to find a gzip Image's header, and how much of its output is kept. */
const GZIP_INPUT = 64 * 1024;
const GZIP_OUTPUT = 4096;

/** Bytes of a file's start to pass to identifyKernelHeader. */
export const KERNEL_HEAD_BYTES = 0x240;

/** Recognises a kernel image from its first KERNEL_HEAD_BYTES bytes; undefined for anything else. Never throws. */
export function identifyKernelHeader(head: Uint8Array): KernelImageHeader | undefined {
  if (hasMagic(head, 0, 'MZ') && hasMagic(head, 4, 'zimg')) {
    const type = head.subarray(24, 56);
    const nul = type.indexOf(0);
    return { format: 'arm64 zboot', compression: new TextDecoder('latin1').decode(type.subarray(0, nul < 0 ? type.length : nul)) };
  }
  if (hasMagic(head, ARM64_MAGIC, 'ARM\x64')) return { format: 'arm64 Image', machine: 'Arm64' };
  if (hasMagic(head, HDRS, 'HdrS')) {
    const version = u16(head, HDRS + 4);
    const bootProtocol = `${version >> 8}.${version & 0xff}`;
    // Before protocol 2.12 the header does not say; such kernels predate every Azure-supported distribution.
    const is64 = version >= 0x020c && head.length > XLOADFLAGS && (u16(head, XLOADFLAGS) & 1) === 1;
    return { format: 'bzImage', bootProtocol, machine: version >= 0x020c ? (is64 ? 'x64' : 'i386') : undefined };
  }
  return undefined;
}

/** Whether the bytes start a gzip stream (1f 8b, deflate). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/**
 * A gzip-compressed kernel: inflates at most GZIP_INPUT bytes of it, keeps GZIP_OUTPUT bytes of
 * output, and identifies the Image header there. A stream that does not inflate is a BinaryError.
 */
export async function identifyGzipKernel(source: ByteSource): Promise<KernelImageHeader> {
  const input = await source.read(0, Math.min(GZIP_INPUT, source.size));
  const head = await inflateHead(input, GZIP_OUTPUT, source.name);
  const inner = identifyKernelHeader(head);
  return { format: 'gzip Image', compression: 'gzip', machine: inner?.machine };
}

function inflateHead(input: Uint8Array, want: number, name: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (): void => {
      gunzip.removeAllListeners();
      gunzip.on('error', () => undefined);
      gunzip.destroy();
      resolve(new Uint8Array(Buffer.concat(chunks)).subarray(0, want));
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= want) done();
    });
    gunzip.on('end', done);
    // Only a prefix is inflated, so the stream usually ends early: what came out before is used.
    gunzip.on('error', (error) => {
      if (total >= ARM64_MAGIC + 4) done();
      else reject(new BinaryError('corrupt', `${name}: the gzip stream does not inflate: ${error.message}`, { offset: 0, cause: error }));
    });
    gunzip.end(input);
  });
}
