import { hex } from '../errors.js';
import type { ContainerInfo } from './types.js';
import { VHD_FOOTER_SIZE } from './vhd-footer.js';

/** File offset of the footer the container layer used (the end of the file, or the copy at 0). */
export function footerOffset(info: ContainerInfo): number {
  return info.footerLocation === 'start-copy' ? 0 : info.fileSize - VHD_FOOTER_SIZE;
}

/** "VHD footer at 0x17ffe00: <field>", evidence text for the DISK-* rules. */
export function footerDetail(info: ContainerInfo, field: string): string {
  return `VHD footer at ${hex(footerOffset(info))}: ${field}`;
}

/** The size Azure checks: the footer's "Current Size" when there is a footer, else the image size. */
export function checkedVirtualSize(info: ContainerInfo): number {
  return info.footer?.currentSize ?? info.virtualSize;
}

/** "25165824 bytes (24 MiB)" or "4194816 bytes (4.0005 MiB)". */
export function describeSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${bytes} bytes (${Number.isInteger(mib) ? mib : mib.toFixed(4)} MiB)`;
}
