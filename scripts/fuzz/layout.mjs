// Where the metadata of a disk image lies, found once from the spec's fixed offsets and
// independently of src/ (the code under test): VHD footer, dynamic header and BAT; MBR and
// GPT; the ext superblock, group descriptors, the inodes and directory blocks of / and /etc.
// Mutation fuzzing flips bytes only there, because flipping file contents tests nothing.
import { readSync } from 'node:fs';

/**
 * @typedef {{ name: string, offset: number, length: number, seal?: import('./seal.mjs').Seal }} Region
 * A named byte range of the image file (file offsets, not virtual-disk offsets), and how to
 * recompute its checksum after a mutation, when it has one.
 */

const SECTOR = 512;
const EXT_MAGIC = 0xef53;
const EXTENT_MAGIC = 0xf30a;

/** @param {number} fd @param {number} offset @param {number} length */
function readAt(fd, offset, length) {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, offset);
  return got === length ? buffer : undefined;
}

/**
 * The container: which file bytes hold the virtual disk's byte v, and the container's own regions.
 * @param {number} fd @param {number} fileSize
 */
function container(fd, fileSize) {
  /** @type {Region[]} */
  const regions = [];
  const footer = fileSize >= SECTOR ? readAt(fd, fileSize - SECTOR, SECTOR) : undefined;
  if (!footer || footer.toString('latin1', 0, 8) !== 'conectix') {
    return { regions, virtualSize: fileSize, toFile: (/** @type {number} */ v) => ({ offset: v, run: fileSize - v }) };
  }
  regions.push({ name: 'vhd footer', offset: fileSize - SECTOR, length: SECTOR });
  const virtualSize = Number(footer.readBigUInt64BE(0x30)); // Current Size
  if (footer.readUInt32BE(0x3c) !== 3) {
    // Fixed: the virtual disk is the file minus its footer.
    return { regions, virtualSize, toFile: (/** @type {number} */ v) => ({ offset: v, run: fileSize - SECTOR - v }) };
  }
  regions.push({ name: 'vhd footer copy', offset: 0, length: SECTOR });
  const headerOffset = Number(footer.readBigUInt64BE(0x10)); // Data Offset
  const header = readAt(fd, headerOffset, 1024);
  if (!header) return { regions, virtualSize, toFile: () => undefined };
  regions.push({ name: 'vhd dynamic header', offset: headerOffset, length: 1024 });
  const tableOffset = Number(header.readBigUInt64BE(0x10)); // Table Offset
  const entries = header.readUInt32BE(0x1c); // Max Table Entries
  const blockSize = header.readUInt32BE(0x20); // Block Size
  const bat = readAt(fd, tableOffset, entries * 4);
  if (!bat) return { regions, virtualSize, toFile: () => undefined };
  regions.push({ name: 'vhd bat', offset: tableOffset, length: entries * 4 });
  // Each block is a sector bitmap (one bit per sector, padded to whole sectors), then the data.
  const bitmapBytes = Math.ceil(blockSize / SECTOR / 8 / SECTOR) * SECTOR;
  const toFile = (/** @type {number} */ v) => {
    const block = Math.floor(v / blockSize);
    const sector = block < entries ? bat.readUInt32BE(block * 4) : 0xffffffff;
    if (sector === 0xffffffff) return undefined;
    return { offset: sector * SECTOR + bitmapBytes + (v % blockSize), run: blockSize - (v % blockSize) };
  };
  return { regions, virtualSize, toFile };
}

/**
 * A reader of the virtual disk over the file, and a way to name a virtual range as file regions.
 * @param {number} fd @param {ReturnType<typeof container>} c
 */
function virtualDisk(fd, c) {
  return {
    /** @param {number} v @param {number} length */
    read(v, length) {
      const at = c.toFile(v);
      return at && at.run >= length ? readAt(fd, at.offset, length) : undefined;
    },
    /** @param {string} name @param {number} v @param {number} length @param {Region['seal']} [seal] @returns {Region[]} */
    region(name, v, length, seal) {
      const at = c.toFile(v);
      if (!at || at.run <= 0) return [];
      // A checksum covers the whole structure: seal only a region that is contiguous in the file.
      return [{ name, offset: at.offset, length: Math.min(length, at.run), ...(seal && at.run >= length ? { seal } : {}) }];
    },
    /** The file offset of virtual byte v, if it is stored. @param {number} v */
    fileOffset(v) {
      return c.toFile(v)?.offset;
    },
  };
}

/**
 * The partition table's regions and the partitions' byte ranges on the virtual disk.
 * @param {ReturnType<typeof virtualDisk>} disk
 */
function partitions(disk) {
  const mbr = disk.read(0, SECTOR);
  if (!mbr || mbr.readUInt16LE(0x1fe) !== 0xaa55) return { regions: [], parts: [] };
  /** @type {Region[]} */
  const regions = disk.region('mbr', 0, SECTOR);
  /** @type {{ label: string, start: number, size: number }[]} */
  const parts = [];
  const gpt = mbr[0x1be + 4] === 0xee ? disk.read(SECTOR, SECTOR) : undefined;
  if (gpt && gpt.toString('latin1', 0, 8) === 'EFI PART') {
    const entriesLba = Number(gpt.readBigUInt64LE(0x48)); // PartitionEntryLBA
    const count = gpt.readUInt32LE(0x50); // NumberOfPartitionEntries
    const entrySize = gpt.readUInt32LE(0x54); // SizeOfPartitionEntry
    const alternate = Number(gpt.readBigUInt64LE(0x20)); // AlternateLBA
    regions.push(...disk.region('gpt header', SECTOR, SECTOR, { kind: 'gpt-header' }));
    const header = disk.fileOffset(SECTOR);
    regions.push(...disk.region('gpt entries', entriesLba * SECTOR, count * entrySize, header === undefined ? undefined : { kind: 'gpt-entries', header }));
    regions.push(...disk.region('gpt backup header', alternate * SECTOR, SECTOR));
    const table = disk.read(entriesLba * SECTOR, count * entrySize);
    for (let i = 0; table && i < count; i++) {
      const entry = table.subarray(i * entrySize, (i + 1) * entrySize);
      if (entry.subarray(0, 16).every((b) => b === 0)) continue;
      const first = Number(entry.readBigUInt64LE(0x20)); // StartingLBA
      const last = Number(entry.readBigUInt64LE(0x28)); // EndingLBA
      parts.push({ label: `p${i + 1}`, start: first * SECTOR, size: (last - first + 1) * SECTOR });
    }
  } else {
    for (let i = 0; i < 4; i++) {
      const entry = mbr.subarray(0x1be + i * 16, 0x1be + (i + 1) * 16);
      if (entry[4] === 0) continue;
      parts.push({ label: `p${i + 1}`, start: entry.readUInt32LE(8) * SECTOR, size: entry.readUInt32LE(12) * SECTOR });
    }
  }
  return { regions, parts };
}

/**
 * An ext2/3/4 filesystem's metadata regions: superblock, group descriptors, the first inodes of
 * group 0, the inodes and first directory blocks of / and /etc (where the guest facts come from).
 * @param {ReturnType<typeof virtualDisk>} disk @param {{ label: string, start: number }} part
 * @returns {Region[]}
 */
function extRegions(disk, part) {
  const sb = disk.read(part.start + 1024, 1024);
  if (!sb || sb.readUInt16LE(0x38) !== EXT_MAGIC) return [];
  const at = (/** @type {string} */ what, /** @type {number} */ v, /** @type {number} */ length, /** @type {Region['seal']} */ seal = undefined) =>
    disk.region(`ext ${what} ${part.label}`, part.start + v, length, seal);
  const superblock = disk.fileOffset(part.start + 1024);
  const logBlock = sb.readUInt32LE(0x18); // s_log_block_size
  if (logBlock > 6 || superblock === undefined) return at('superblock', 1024, 1024);
  const blockSize = 1024 << logBlock;
  const is64 = (sb.readUInt32LE(0x60) & 0x80) !== 0; // s_feature_incompat & INCOMPAT_64BIT
  const descSize = is64 ? sb.readUInt16LE(0xfe) : 32; // s_desc_size
  const inodesPerGroup = sb.readUInt32LE(0x28); // s_inodes_per_group
  const inodeSize = sb.readUInt16LE(0x58) || 128; // s_inode_size
  const gdt = (sb.readUInt32LE(0x14) + 1) * blockSize; // s_first_data_block + 1
  const regions = [...at('superblock', 1024, 1024, { kind: 'ext-superblock' })];
  if (!inodesPerGroup || descSize < 32) return [...regions, ...at('group descriptors', gdt, blockSize)];
  regions.push(...at('group descriptors', gdt, blockSize, { kind: 'ext-group-descriptors', superblock, descSize }));
  const inodes = (/** @type {number} */ firstIno) => /** @type {Region['seal']} */ ({ kind: 'ext-inodes', superblock, inodeSize, firstIno });
  const dirBlock = (/** @type {number} */ inodeOffset, /** @type {number} */ ino) => {
    const inode = disk.fileOffset(part.start + inodeOffset);
    return inode === undefined ? undefined : /** @type {Region['seal']} */ ({ kind: 'ext-dir-block', superblock, inode, ino });
  };

  const inodeAt = (/** @type {number} */ n) => {
    const group = Math.floor((n - 1) / inodesPerGroup);
    const desc = disk.read(part.start + gdt + group * descSize, descSize);
    if (!desc) return undefined;
    const table = desc.readUInt32LE(0x08) + (descSize >= 64 ? desc.readUInt32LE(0x28) * 2 ** 32 : 0); // bg_inode_table_lo/hi
    return table * blockSize + ((n - 1) % inodesPerGroup) * inodeSize;
  };
  /** Data blocks of a directory inode: the leaf extents in i_block (at most 64 blocks), or i_block[0..11] of a block map. */
  const blocksOf = (/** @type {number} */ inodeOffset) => {
    const inode = disk.read(part.start + inodeOffset, inodeSize);
    if (!inode) return [];
    const iblock = inode.subarray(0x28, 0x28 + 60); // i_block
    if (iblock.readUInt16LE(0) !== EXTENT_MAGIC) return Array.from({ length: 12 }, (_, i) => iblock.readUInt32LE(i * 4)).filter((b) => b !== 0);
    if (iblock.readUInt16LE(6) !== 0) return []; // eh_depth: an index node; the fixtures' directories are small enough not to need one
    const blocks = [];
    for (let e = 0; e < Math.min(iblock.readUInt16LE(2), 4); e++) {
      const x = 12 + e * 12; // ee_block, ee_len, ee_start_hi, ee_start_lo
      const start = iblock.readUInt16LE(x + 6) * 2 ** 32 + iblock.readUInt32LE(x + 8);
      for (let i = 0; i < Math.min(iblock.readUInt16LE(x + 4), 64); i++) blocks.push(start + i);
    }
    return blocks.slice(0, 64);
  };
  /** Name -> inode number of every entry in a directory's blocks (htree blocks read as the linear blocks they also are). */
  const entries = (/** @type {number[]} */ blocks) => {
    const found = new Map();
    for (const block of blocks) {
      const dir = disk.read(part.start + block * blockSize, blockSize);
      for (let o = 0; dir && o + 8 <= blockSize; ) {
        const recLen = dir.readUInt16LE(o + 4);
        if (recLen < 8) break;
        if (dir.readUInt32LE(o) !== 0) found.set(dir.toString('latin1', o + 8, o + 8 + dir[o + 6]), dir.readUInt32LE(o));
        o += recLen;
      }
    }
    return found;
  };

  const firstInodes = inodeAt(1);
  if (firstInodes !== undefined) regions.push(...at('inode table (inodes 1-16)', firstInodes, 16 * inodeSize, inodes(1)));
  const rootInode = inodeAt(2);
  const rootBlocks = rootInode === undefined ? [] : blocksOf(rootInode);
  if (rootInode === undefined || rootBlocks.length === 0) return regions;
  regions.push(...at('root directory', rootBlocks[0] * blockSize, blockSize, dirBlock(rootInode, 2)));
  const etc = entries(rootBlocks).get('etc');
  const etcInode = etc === undefined ? undefined : inodeAt(etc);
  if (etcInode === undefined) return regions;
  regions.push(...at('/etc inode', etcInode, inodeSize, inodes(etc)));
  const etcBlocks = blocksOf(etcInode);
  etcBlocks.slice(0, 4).forEach((block, i) => regions.push(...at(`/etc directory block ${i}`, block * blockSize, blockSize, dirBlock(etcInode, etc))));
  // The inodes of the files the guest facts are read from.
  const inEtc = entries(etcBlocks);
  for (const name of GUEST_FILES) {
    const ino = inEtc.get(name);
    const inode = ino === undefined ? undefined : inodeAt(ino);
    if (inode !== undefined) regions.push(...at(`/etc/${name} inode`, inode, inodeSize, inodes(ino)));
  }
  return regions;
}

/** Entries of /etc that the guest-facts collectors read (files, directories and symlinks). */
const GUEST_FILES = ['os-release', 'passwd', 'shadow', 'fstab', 'machine-id', 'hostname', 'waagent.conf', 'ssh', 'cloud', 'systemd', 'default', 'netplan', 'network'];

/**
 * Every metadata region of the image open as `fd` (fileSize bytes long), in file offsets.
 * @param {number} fd @param {number} fileSize @returns {Region[]}
 */
export function metadataRegions(fd, fileSize) {
  const c = container(fd, fileSize);
  const disk = virtualDisk(fd, c);
  const table = partitions(disk);
  const whole = table.parts.length ? table.parts : [{ label: 'disk', start: 0, size: c.virtualSize }];
  return [...c.regions, ...table.regions, ...whole.flatMap((p) => extRegions(disk, p))].filter((r) => r.length > 0);
}
