import { describe, expect, it } from '@jest/globals';
import { FilesystemError } from '../../../src/errors.js';
import { FatFilesystem, type FatNode } from '../../../src/fs/fat/fat-fs.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { walkFilesystem } from '../helpers/walk.js';
import { fatFixtureBytes } from './fat-images.js';

/** Opens a damaged copy of a fixture. */
function openBytes(bytes: Uint8Array): Promise<FatFilesystem> {
  return FatFilesystem.open(new MemorySource(bytes, 'damaged'));
}

/** Writes FAT entry `cluster` in every FAT copy, in the volume's FAT width. */
function setFatEntry(fs: FatFilesystem, bytes: Uint8Array, cluster: number, value: number): number {
  const g = fs.geometry;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const rel = g.type === 12 ? cluster + (cluster >> 1) : (cluster * g.type) / 8;
  for (let copy = 0; copy < fs.bpb.BPB_NumFATs; copy++) {
    const at = g.fatOffset + copy * g.fatBytes + rel;
    if (g.type === 16) view.setUint16(at, value, true);
    else if (g.type === 32) view.setUint32(at, value, true);
    else {
      const pair = view.getUint16(at, true);
      view.setUint16(at, cluster & 1 ? (pair & 0x000f) | (value << 4) : (pair & 0xf000) | value, true);
    }
  }
  return g.fatOffset + rel;
}

/** The node at a path, looked up component by component. */
async function nodeAt(fs: FatFilesystem, path: string): Promise<FatNode> {
  let node = await fs.root();
  for (const name of path.split('/').filter(Boolean)) {
    const next = await fs.lookup(node, name);
    if (!next) throw new Error(`${path}: ${name} not found`);
    node = next;
  }
  return node as FatNode;
}

/** Expects a 'corrupt' FilesystemError whose message matches and whose offset is `offset`. */
async function expectCorrupt(promise: Promise<unknown>, message: RegExp, offset: number | undefined): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FilesystemError);
  expect(error).toMatchObject({ kind: 'corrupt', layer: 'filesystem', offset });
  expect((error as Error).message).toMatch(message);
}

describe('FAT boot sector fields that contradict the format', () => {
  const field = (offset: number, width: 1 | 2, value: number) => (b: Uint8Array) => {
    if (width === 1) b[offset] = value;
    else new DataView(b.buffer, b.byteOffset).setUint16(offset, value, true);
  };
  it.each([
    ['BPB_BytsPerSec 0', field(0x0b, 2, 0), /BPB_BytsPerSec is 0/, 0x0b],
    ['BPB_BytsPerSec 768 (not a power of two)', field(0x0b, 2, 768), /BPB_BytsPerSec is 768/, 0x0b],
    ['BPB_BytsPerSec 8192 (above 4096)', field(0x0b, 2, 8192), /BPB_BytsPerSec is 8192/, 0x0b],
    ['BPB_SecPerClus 3', field(0x0d, 1, 3), /BPB_SecPerClus is 3/, 0x0d],
    ['BPB_RsvdSecCnt 0', field(0x0e, 2, 0), /BPB_RsvdSecCnt is 0/, 0x0e],
    ['BPB_NumFATs 0', field(0x10, 1, 0), /BPB_NumFATs is 0/, 0x10],
    ['BPB_FATSz16 and BPB_FATSz32 0', (b: Uint8Array) => b.fill(0, 0x16, 0x18).fill(0, 0x24, 0x28), /BPB_FATSz16 and BPB_FATSz32 are both 0/, 0x24],
    ['BPB_TotSec16 beyond the volume', field(0x13, 2, 8200), /the BPB says 8200 sectors \(4198400 bytes\) but the volume has 4194304/, 0x13],
    ['FAT too small for the clusters', field(0x16, 2, 1), /cannot map/, 0x16],
    ['no 0x55AA signature', field(0x1fe, 1, 0), /signature is 0xaa00, expected 0xaa55/, 0x1fe],
  ])('fat12 with %s', async (_name, damage, message, offset) => {
    const bytes = fatFixtureBytes('fat12');
    damage(bytes);
    await expectCorrupt(openBytes(bytes), message, offset);
  });

  it('FAT32 with BPB_RootClus outside the data clusters', async () => {
    const bytes = fatFixtureBytes('fat32');
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(0x2c, 0x0fffffff, true);
    await expectCorrupt(openBytes(bytes), /BPB_RootClus 268435455 is outside/, 0x2c);
  });

  it('FAT32 with BPB_ExtFlags naming a FAT beyond BPB_NumFATs', async () => {
    const bytes = fatFixtureBytes('fat32');
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(0x28, 0x85, true);
    await expectCorrupt(openBytes(bytes), /BPB_ExtFlags names FAT 5 as the active one, but BPB_NumFATs is 2/, 0x28);
  });

  it('FAT32 with mirroring off (BPB_ExtFlags 0x81) reads FAT 1 only: FAT 0 wiped, every file still matches', async () => {
    const bytes = fatFixtureBytes('fat32');
    const clean = await openBytes(bytes.slice());
    const before = await walkFilesystem(clean, { maxFileBytes: 1 << 20, maxEntries: 10_000 });
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(0x28, 0x81, true);
    bytes.fill(0, clean.geometry.fatOffset, clean.geometry.fatOffset + clean.geometry.fatBytes);
    const fs = await openBytes(bytes);
    expect(fs.geometry.fatOffset).toBe(clean.geometry.fatOffset + clean.geometry.fatBytes);
    expect(await walkFilesystem(fs, { maxFileBytes: 1 << 20, maxEntries: 10_000 })).toEqual(before);
    // Without the flag the wiped FAT 0 is used, and the root chain has no valid link.
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(0x28, 0, true);
    await expect(openBytes(bytes).then((f) => walkFilesystem(f, { maxFileBytes: 1 << 20, maxEntries: 10_000 }))).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('a volume shorter than a boot sector', async () => {
    await expectCorrupt(FatFilesystem.open(new MemorySource(new Uint8Array(100), 'tiny')), /too small to hold a boot sector/, 0);
  });
});

describe('FAT cluster chains that contradict the format', () => {
  it.each(['fat12', 'fat16', 'fat32'])('%s: a file chain that loops back is corrupt, at the looping entry', async (name) => {
    const bytes = fatFixtureBytes(name);
    const clean = await openBytes(bytes.slice());
    const file = await nodeAt(clean, 'EFI/BOOT/BOOTX64.EFI');
    const second = await clean['fat'].entry(file.firstCluster);
    const at = setFatEntry(clean, bytes, second, file.firstCluster);
    const fs = await openBytes(bytes);
    await expectCorrupt(fs.readFile(await nodeAt(fs, 'EFI/BOOT/BOOTX64.EFI'), 1 << 20), /cluster chain loops back to cluster/, at);
  });

  it.each(['fat12', 'fat16', 'fat32'])('%s: a chain that links beyond the FAT is corrupt', async (name) => {
    const bytes = fatFixtureBytes(name);
    const clean = await openBytes(bytes.slice());
    const file = await nodeAt(clean, 'EFI/BOOT/BOOTX64.EFI');
    const beyond = clean.geometry.clusterCount + 2;
    const at = setFatEntry(clean, bytes, file.firstCluster, beyond);
    const fs = await openBytes(bytes);
    await expectCorrupt(fs.readFile(await nodeAt(fs, 'EFI/BOOT/BOOTX64.EFI'), 1 << 20), new RegExp(`links to cluster ${beyond}, beyond the data clusters`), at);
  });

  it('a chain through a free cluster is corrupt', async () => {
    const bytes = fatFixtureBytes('fat16');
    const clean = await openBytes(bytes.slice());
    const file = await nodeAt(clean, 'EFI/BOOT/BOOTX64.EFI');
    const at = setFatEntry(clean, bytes, file.firstCluster, 0);
    const fs = await openBytes(bytes);
    await expectCorrupt(fs.readFile(await nodeAt(fs, 'EFI/BOOT/BOOTX64.EFI'), 1 << 20), /links to a free cluster/, at);
  });

  it('DIR_FileSize larger than the chain is corrupt (checked before reading), yet a short read within the chain works', async () => {
    const bytes = fatFixtureBytes('fat16');
    const clean = await openBytes(bytes.slice());
    const file = await nodeAt(clean, 'EFI/debian/grub.cfg');
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(file.entryOffset + 0x1c, 0xfffffff0, true);
    const fs = await openBytes(bytes);
    const damaged = await nodeAt(fs, 'EFI/debian/grub.cfg');
    expect(damaged.size).toBe(0xfffffff0);
    await expectCorrupt(fs.readFile(damaged, 1 << 20), /need \d+ clusters, but the chain from cluster \d+ has 1/, file.entryOffset + 0x1c);
    expect(Buffer.from(await fs.readFile(damaged, 28)).toString()).toBe('configfile $prefix/grub.cfg\n');
  });

  it('a directory whose chain loops is corrupt, and a whole walk stops with that error', async () => {
    const bytes = fatFixtureBytes('fat32');
    const clean = await openBytes(bytes.slice());
    const dir = await nodeAt(clean, 'bigdir');
    const chain = await clean['fat'].chain(dir.firstCluster, Infinity, 'bigdir');
    expect(chain.length).toBeGreaterThan(2);
    const at = setFatEntry(clean, bytes, chain[chain.length - 1]!, chain[0]!);
    const fs = await openBytes(bytes);
    await expectCorrupt(walkFilesystem(fs, { maxFileBytes: 1 << 20, maxEntries: 10_000 }), /loops back/, at);
  });

  it('the FAT32 root directory chain looping is found at open', async () => {
    const bytes = fatFixtureBytes('fat32');
    const clean = await openBytes(bytes.slice());
    const at = setFatEntry(clean, bytes, clean.geometry.rootCluster, clean.geometry.rootCluster);
    await expectCorrupt(openBytes(bytes), /root directory \(BPB_RootClus\): cluster chain loops back/, at);
  });
});
