/** Raw CRC-32C update (no inversion), as crc32c_le / ext2fs_crc32c_le. */
export function crc32cUpdate(crc: number, bytes: Uint8Array): number;
export function extHasMetadataCsum(sb: Buffer): boolean;
export function extCsumSeed(sb: Buffer): number;
export function sealExtSuperblock(sb: Buffer): void;
export function sealExtGroupDescriptor(desc: Buffer, group: number, seed: number): void;
export function extInodeSeed(seed: number, ino: number, generation: number): number;
export function sealExtInode(inode: Buffer, ino: number, seed: number): void;
export function sealExtExtentBlock(block: Buffer, inodeSeed: number): void;
export function sealExtDirBlock(block: Buffer, inodeSeed: number): void;
export function sealXfsBlock(block: Buffer): boolean;
export function sealXfsInode(inode: Buffer): boolean;
export function sealGptHeader(header: Buffer): void;
export function sealGptEntries(header: Buffer, entries: Buffer): void;
export function lvmCrc(bytes: Uint8Array): number;
export function sealLvmLabel(sector: Buffer): void;
export function sealLvmMdaHeader(header: Buffer): void;
export function sealLvmMetadata(header: Buffer, text: Uint8Array): void;
