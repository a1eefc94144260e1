import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lvmCrc, sealLvmLabel, sealLvmMdaHeader, sealLvmMetadata, sealXfsBlock, sealXfsInode } from '../../scripts/fuzz/checksums.mjs';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { applyMutant, mutantFor } from '../../scripts/fuzz/mutate.mjs';
import { sealRegion } from '../../scripts/fuzz/seal.mjs';
import { readPartitionTable } from '../../src/volumes/index.js';
import { FileSource } from '../../src/io/file-source.js';
import { parsePvLabel } from '../../src/volumes/lvm/pv-label.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { candidates, diskBytes } from '../volumes/lvm/lvm-fixtures.js';
import { repoRoot } from '../fs/helpers/images.js';

/**
 * The checksum fixers the fuzzers use (scripts/fuzz/checksums.mjs, seal.mjs) compute exactly
 * what the real tools wrote: resealing an undamaged structure changes no byte. And a resealed
 * mutant gets past the CRC check it used to stop at (GPT, whose reader checks it).
 */
const dir = tempDir('mutation-seal');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function workCopy(name: string): Promise<{ file: string; fd: number }> {
  const file = path.join(dir, name);
  copyFileSync(await fixtureImage(name), file);
  return { file, fd: openSync(file, 'r+') };
}

describe('resealing an undamaged region changes nothing', () => {
  it.each(['generalized-good.vhd', 'generalized-good-mbr.vhd', 'generalized-good-dynamic.vhd'])('%s: every region with a checksum', async (name) => {
    const { file, fd } = await workCopy(name);
    try {
      const before = readFileSync(file);
      const sealed = metadataRegions(fd, fstatSync(fd).size).filter((r) => r.seal);
      // GPT header and entries (GPT images), ext superblock, descriptors, inodes, directory blocks.
      expect(sealed.map((r) => r.seal!.kind)).toEqual(expect.arrayContaining(['ext-superblock', 'ext-group-descriptors', 'ext-inodes', 'ext-dir-block']));
      if (name !== 'generalized-good-mbr.vhd') expect(sealed.map((r) => r.seal!.kind)).toEqual(expect.arrayContaining(['gpt-header', 'gpt-entries']));
      for (const region of sealed) sealRegion(fd, region);
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('XFS v5: superblock, AG headers and the root inode', () => {
    const image = gunzipSync(readFileSync(path.join(repoRoot, '__tests__/fixtures/xfs/xfs-v5.img.gz')));
    const sector = image.readUInt16BE(0x66); // sb_sectsize
    const inodeSize = image.readUInt16BE(0x68); // sb_inodesize
    const root = Number(image.readBigUInt64BE(0x38)); // sb_rootino: in AG 0, so its number is its slot
    const pieces = [0, 1, 2, 3].map((i) => image.subarray(i * sector, (i + 1) * sector)); // XFSB, XAGF, XAGI, XAFL
    pieces.push(image.subarray(root * inodeSize, (root + 1) * inodeSize));
    for (const piece of pieces) {
      const copy = Buffer.from(piece);
      expect(piece === pieces[4] ? sealXfsInode(copy) : sealXfsBlock(copy)).toBe(true);
      expect(copy.equals(piece)).toBe(true);
    }
  });

  it('LVM: the label, the mda_header and the metadata text checksum of a real PV', async () => {
    const all = await Promise.all((await candidates(diskBytes('lvm-gpt'))).map(async (c) => ({ c, label: parsePvLabel(await c.source.read(0, 2048)) })));
    const { c, label } = all.find((x) => x.label)!;
    const area = label!.metadataAreas[0]!;
    const sector = Buffer.from(await c.source.read(label!.sector * 512, 512));
    const resealed = Buffer.from(sector);
    sealLvmLabel(resealed);
    expect(resealed.equals(sector)).toBe(true);
    const header = Buffer.from(await c.source.read(area.offset, 512));
    const textAt = Number(header.readBigUInt64LE(0x28));
    const text = await c.source.read(area.offset + textAt, Number(header.readBigUInt64LE(0x30)));
    const copy = Buffer.from(header);
    sealLvmMdaHeader(copy);
    expect(copy.equals(header)).toBe(true);
    sealLvmMetadata(copy, text);
    expect(copy.equals(header)).toBe(true);
    expect(copy.readUInt32LE(0x38)).toBe(lvmCrc(text));
  });
});

describe('a resealed mutant reaches past the CRC check', () => {
  it('a GPT entry name changed: a CRC problem as it is, none once resealed', async () => {
    const { file, fd } = await workCopy('generalized-good.vhd');
    const tableAfter = async (mutant: ReturnType<typeof mutantFor>) => {
      const undo = applyMutant(fd, mutant);
      const source = await FileSource.open(file);
      try {
        // The .vhd read as raw: its footer sector hides the backup GPT, so the primary must do.
        return JSON.stringify(await readPartitionTable(source));
      } catch (error) {
        return (error as Error).message;
      } finally {
        await source.close();
        undo();
      }
    };
    try {
      const entries = metadataRegions(fd, fstatSync(fd).size).find((r) => r.name === 'gpt entries')!;
      expect(entries.seal).toEqual({ kind: 'gpt-entries', header: 512 });
      const edits = [{ offset: entries.offset + 0x38, bytes: [0x41, 0x00] }]; // the first character of entry 1's PartitionName
      const plain = await tableAfter({ seed: 0, region: entries.name, edits });
      const resealed = await tableAfter({ seed: 0, region: entries.name, edits, seal: entries });
      expect(plain).toMatch(/primary at LBA 1: partition entry array CRC32 mismatch/);
      expect(resealed).not.toMatch(/CRC/);
      expect(resealed).toMatch(/"label":"Ainux filesystem"/); // the first UTF-16 character of the name
    } finally {
      closeSync(fd);
    }
  });
});
