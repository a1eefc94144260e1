// Recomputes the checksum of a mutated region in the image file, so the mutant reaches the
// parser behind the CRC check (the fixers are in checksums.mjs). layout.mjs attaches a Seal to
// each region whose structure carries a checksum; mutate.mjs reseals most mutants after editing.
import { readSync, writeSync } from 'node:fs';
import { extCsumSeed, extHasMetadataCsum, extInodeSeed, sealExtDirBlock, sealExtGroupDescriptor, sealExtInode, sealExtSuperblock, sealGptEntries, sealGptHeader } from './checksums.mjs';

/**
 * @typedef {{ kind: 'gpt-header' }
 *   | { kind: 'gpt-entries', header: number }
 *   | { kind: 'ext-superblock' }
 *   | { kind: 'ext-group-descriptors', superblock: number, descSize: number }
 *   | { kind: 'ext-inodes', superblock: number, inodeSize: number, firstIno: number }
 *   | { kind: 'ext-dir-block', superblock: number, inode: number, ino: number }} Seal
 * How to recompute a region's checksum. Offsets are file offsets; ext seals name the superblock
 * (read again at seal time: a mutated UUID changes the seed) and, for directory blocks, the
 * directory's inode record (its number and generation seed the block's checksum).
 */

/** @param {number} fd @param {number} offset @param {number} length */
function readAt(fd, offset, length) {
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, offset);
  return buffer;
}

/**
 * Recomputes the checksum(s) of `region` in the file, in place; returns the undo function that
 * restores what it overwrote. Regions without metadata_csum (ext) are left as they are.
 * @param {number} fd @param {{ offset: number, length: number, seal?: Seal }} region @returns {() => void}
 */
export function sealRegion(fd, region) {
  const seal = region.seal;
  if (!seal) return () => {};
  /** @type {{ offset: number, original: Buffer }[]} */
  const saved = [];
  const rewrite = (/** @type {number} */ offset, /** @type {number} */ length, /** @type {(b: Buffer) => void} */ fix) => {
    const bytes = readAt(fd, offset, length);
    saved.push({ offset, original: Buffer.from(bytes) });
    fix(bytes);
    writeSync(fd, bytes, 0, length, offset);
  };
  const sb = seal.kind.startsWith('ext-') && 'superblock' in seal ? readAt(fd, seal.superblock, 1024) : undefined;
  if (sb && !extHasMetadataCsum(sb)) return () => {};
  switch (seal.kind) {
    case 'gpt-header':
      rewrite(region.offset, 512, sealGptHeader);
      break;
    case 'gpt-entries': {
      const entries = readAt(fd, region.offset, region.length);
      rewrite(seal.header, 512, (header) => sealGptEntries(header, entries));
      break;
    }
    case 'ext-superblock':
      if (extHasMetadataCsum(readAt(fd, region.offset, 1024))) rewrite(region.offset, 1024, sealExtSuperblock);
      break;
    case 'ext-group-descriptors':
      rewrite(region.offset, region.length, (block) => {
        for (let g = 0; (g + 1) * seal.descSize <= block.length; g++) {
          const desc = block.subarray(g * seal.descSize, (g + 1) * seal.descSize);
          if (desc.some((b) => b !== 0)) sealExtGroupDescriptor(desc, g, extCsumSeed(/** @type {Buffer} */ (sb))); // past the last group: left zero
        }
      });
      break;
    case 'ext-inodes':
      rewrite(region.offset, region.length, (table) => {
        for (let i = 0; (i + 1) * seal.inodeSize <= table.length; i++) sealExtInode(table.subarray(i * seal.inodeSize, (i + 1) * seal.inodeSize), seal.firstIno + i, extCsumSeed(/** @type {Buffer} */ (sb)));
      });
      break;
    case 'ext-dir-block': {
      const generation = readAt(fd, seal.inode + 0x64, 4).readUInt32LE(0);
      rewrite(region.offset, region.length, (block) => sealExtDirBlock(block, extInodeSeed(extCsumSeed(/** @type {Buffer} */ (sb)), seal.ino, generation)));
      break;
    }
  }
  return () => {
    for (const { offset, original } of saved.reverse()) writeSync(fd, original, 0, original.length, offset);
  };
}
