import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { openContainer } from '../../src/disk/index.js';
import { VolumeError } from '../../src/errors.js';
import { MemorySource, slice } from '../../src/io/byte-source.js';
import { readPartitionTable } from '../../src/volumes/index.js';
import type { PartitionTable } from '../../src/volumes/types.js';
import { cleanupFixtures, fixtureBytes, openFixture, toolRecord, type ToolRecord } from '../disk/layout-fixtures.js';
import { corpusDir } from '../helpers/corpus.js';

afterAll(cleanupFixtures);

async function tableOf(file: string): Promise<PartitionTable> {
  return readPartitionTable((await openContainer(await openFixture(file))).disk);
}

/** sfdisk's view, in our contract's spelling: "83" -> "0x83", GUIDs lower case, sectors -> bytes. */
function expectedFromSfdisk(record: ToolRecord) {
  const pt = record.sfdisk!.partitiontable;
  return {
    scheme: pt.label === 'dos' ? 'mbr' : 'gpt',
    diskId: pt.label === 'dos' ? pt.id.replace(/^0x/, '') : pt.id.toLowerCase(),
    partitions: pt.partitions.map((p) => ({
      number: Number(/(\d+)$/.exec(p.node)![1]),
      start: p.start * 512,
      size: p.size * 512,
      type: pt.label === 'dos' ? `0x${p.type.padStart(2, '0')}` : p.type.toLowerCase(),
      ...(p.uuid ? { partUuid: p.uuid.toLowerCase() } : {}),
      ...(p.name !== undefined ? { label: p.name } : {}),
      ...(pt.label === 'dos' ? { bootable: p.bootable === true } : {}),
    })),
  };
}

function ours(table: PartitionTable) {
  return {
    scheme: table.scheme,
    diskId: table.diskId,
    partitions: table.partitions.map(({ number, start, size, type, partUuid, label, bootable }) => ({
      number, start, size, type,
      ...(table.scheme === 'gpt' ? { partUuid, label } : { bootable }),
    })),
  };
}

describe('readPartitionTable compared with sfdisk --json', () => {
  it.each([
    ['mbr-logical', 'mbr-logical.vhd'],
    ['mbr-logical', 'mbr-logical-dynamic.vhd'],
    ['mbr-logical', 'mbr-logical.raw'],
    ['gpt-bios-esp', 'gpt-bios-esp.vhd'],
    ['gpt-bios-esp', 'gpt-bios-esp-dynamic.vhd'],
    ['gpt-hybrid', 'gpt-hybrid.vhd'],
    ['gpt-uefi-only', 'gpt-uefi-only.vhd'],
    ['gpt-bad-primary', 'gpt-bad-primary.vhd'],
    ['odd', 'odd-chs.vhd'],
    ['odd', 'odd-forced.vhd'],
  ])('%s (%s)', async (record, file) => {
    expect(ours(await tableOf(file))).toEqual(expectedFromSfdisk(toolRecord(record)));
  });

  it('gives MBR partitions the PARTUUIDs Linux forms from the disk signature', async () => {
    const table = await tableOf('mbr-logical.vhd');
    expect(table.partitions.map((p) => p.partUuid)).toEqual(['1234abcd-01', '1234abcd-02', '1234abcd-05', '1234abcd-06']);
    expect(table.partitions.map((p) => p.typeName)).toEqual(['Linux', 'extended', 'Linux', 'Linux swap / Solaris']);
    expect(table.notes).toEqual([]);
  });

  it('names GPT types', async () => {
    const table = await tableOf('gpt-bios-esp.vhd');
    expect(table.partitions.map((p) => p.typeName)).toEqual(['BIOS boot', 'EFI System', 'Linux filesystem']);
    expect(table.gptHeader).toBe('primary');
    expect(table.notes).toEqual([]);
  });
});

describe('boot-relevant facts, compared with sgdisk and blkid', () => {
  it.each([
    ['gpt-bios-esp', 'gpt-bios-esp.vhd'],
    ['gpt-hybrid', 'gpt-hybrid.vhd'],
    ['gpt-uefi-only', 'gpt-uefi-only.vhd'],
  ])('%s: hybrid MBR flag matches sgdisk -O, ESP FAT version matches blkid', async (record, file) => {
    const table = await tableOf(file);
    const mbrCodes = [...toolRecord(record).sgdiskMbr.matchAll(/primary\s+0x([0-9A-F]{2})/g)].map((m) => m[1]);
    expect(mbrCodes).toContain('EE');
    expect(table.hybridMbr).toBe(mbrCodes.some((c) => c !== 'EE'));
    const blkidVersion = /^VERSION=(.*)$/m.exec((toolRecord(record) as ToolRecord & { blkidEsp: string }).blkidEsp)![1];
    expect(table.partitions.find((p) => p.typeName === 'EFI System')?.espFat).toBe(blkidVersion);
  });

  it.each([
    ['mbr-logical.vhd', true], // syslinux mbr.bin
    ['gpt-bios-esp.vhd', true], // syslinux gptmbr.bin
    ['gpt-hybrid.vhd', true],
    ['gpt-uefi-only.vhd', false], // sgdisk writes no boot code
  ])('%s: MBR boot code present = %s', async (file, present) => {
    expect((await tableOf(file)).mbrBootCode).toBe(present);
  });

  it('uses the backup GPT header when the primary is damaged, and says so (sgdisk agrees)', async () => {
    const verify = toolRecord('gpt-bad-primary').sgdiskVerify;
    expect(verify).toMatch(/Main header: ERROR/);
    expect(verify).toMatch(/Backup header: OK/);
    const table = await tableOf('gpt-bad-primary.vhd');
    expect(table.gptHeader).toBe('backup');
    expect(table.notes).toEqual([
      expect.stringMatching(/^primary GPT header at LBA 1 is unusable \(header CRC32 mismatch .* at 0x210\): using the backup header at LBA 49151 \(0x17ffe00\)$/),
    ]);
  });
});

describe('util-linux blkid test images (__tests__/corpus/blkid-misc)', () => {
  const dir = path.join(corpusDir, 'blkid-misc');
  /** Lines like "#1:  34  2014  0x0 name='x' uuid='y' type='z'" of blkid's expected output. */
  function blkidPartitions(file: string) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const header = /PT: (\w+), offset: \d+, id=(\S+)/.exec(text)!;
    const partitions = [...text.matchAll(/^#(\d+):\s+(\d+)\s+(\d+)\s+0x([0-9a-f]+)(.*)$/gm)].map((m) => ({
      number: Number(m[1]),
      start: Number(m[2]) * 512,
      size: Number(m[3]) * 512,
      mbrType: m[4]!,
      name: /name='([^']*)'/.exec(m[5]!)?.[1],
      uuid: /uuid='([^']*)'/.exec(m[5]!)?.[1],
      type: /type='([^']*)'/.exec(m[5]!)?.[1],
    }));
    return { scheme: header[1], id: header[2], partitions };
  }

  it('pt-gpt.img: disk GUID, entries, names, unique and type GUIDs', async () => {
    const expected = blkidPartitions('pt-gpt.blkid-expected.txt');
    const table = await readPartitionTable((await openContainer(await openFixture('pt-gpt.img', dir))).disk);
    expect(table.scheme).toBe(expected.scheme);
    expect(table.diskId).toBe(expected.id);
    expect(table.partitions.map((p) => ({ number: p.number, start: p.start, size: p.size, name: p.label, uuid: p.partUuid, type: p.type }))).toEqual(
      expected.partitions.map(({ number, start, size, name, uuid, type }) => ({ number, start, size, name, uuid, type })),
    );
  });

  it('pt-dos+bsd.img: the MBR partitions; the nested BSD slices are named as not read', async () => {
    const expected = blkidPartitions('pt-dos+bsd.blkid-expected.txt');
    const table = await readPartitionTable((await openContainer(await openFixture('pt-dos+bsd.img', dir))).disk);
    expect(expected.scheme).toBe('dos');
    expect(table.scheme).toBe('mbr');
    expect(table.diskId).toBe(expected.id);
    const mbrOnly = expected.partitions.filter((p) => p.number <= 4);
    expect(table.partitions.map((p) => ({ number: p.number, start: p.start, size: p.size, type: p.type, uuid: p.partUuid }))).toEqual(
      mbrOnly.map(({ number, start, size, mbrType, uuid }) => ({ number, start, size, type: `0x${mbrType}`, uuid })),
    );
    expect(expected.partitions.filter((p) => p.number > 4)).toHaveLength(2); // BSD disklabel slices blkid lists
    expect(table.notes.join('\n')).toMatch(/nested BSD disklabel; its slices are not read/);
  });
});

describe('damaged tables', () => {
  /** The virtual disk bytes of a fixed-VHD fixture (the file minus its footer), mutable. */
  function diskBytes(file: string): Uint8Array {
    const bytes = fixtureBytes(file);
    return bytes.subarray(0, bytes.length - 512);
  }
  function setHeaderCrc(disk: Uint8Array, at: number): void {
    const view = new DataView(disk.buffer, disk.byteOffset);
    view.setUint32(at + 0x10, 0, true);
    view.setUint32(at + 0x10, crc32(disk.subarray(at, at + 92)), true);
  }

  it.each([
    ['entry count', 0x50, 100000, /100000 partition entries \(offset 0x50\), more than 4096/],
    ['entry size', 0x54, 100, /partition entry size 100 \(offset 0x54\) is not a multiple of 8/],
    ['entry array LBA', 0x48, 0x7fffffff, /partition entry array at LBA 2147483647 \(offset 0x48.*lies outside the disk/],
  ])('primary header with an absurd %s (CRC recomputed) falls back to the backup', async (_what, field, value, reason) => {
    const disk = diskBytes('gpt-uefi-only.vhd');
    new DataView(disk.buffer, disk.byteOffset).setUint32(0x200 + field, value, true);
    setHeaderCrc(disk, 0x200);
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.gptHeader).toBe('backup');
    expect(table.notes[0]).toMatch(reason);
    expect(table.partitions).toHaveLength(2);
  });

  it('a damaged primary entry array falls back to the backup', async () => {
    const disk = diskBytes('gpt-uefi-only.vhd');
    disk[0x400 + 0x38] ^= 0x01; // first letter of partition 1's name
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.gptHeader).toBe('backup');
    expect(table.notes[0]).toMatch(/partition entry array CRC32 mismatch/);
    expect(table.partitions[0]?.label).toBe('EFI');
  });

  it('notes an unusable backup header next to a good primary', async () => {
    const disk = diskBytes('gpt-uefi-only.vhd');
    disk[disk.length - 512 + 0x38] ^= 0xff;
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.gptHeader).toBe('primary');
    expect(table.notes).toEqual([expect.stringMatching(/^backup GPT header at LBA 49151 \(0x17ffe00\) is unusable: header CRC32 mismatch/)]);
  });

  it('throws a VolumeError naming both headers when neither can be used', async () => {
    const disk = diskBytes('gpt-uefi-only.vhd');
    disk[0x200 + 0x38] ^= 0xff;
    disk[disk.length - 512 + 0x38] ^= 0xff;
    const error = await readPartitionTable(new MemorySource(disk)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VolumeError);
    expect(error).toMatchObject({ kind: 'corrupt', layer: 'volume', offset: 0x210 });
    expect((error as Error).message).toMatch(/primary at LBA 1: header CRC32 mismatch .*; backup at LBA 49151: header CRC32 mismatch/);
  });

  it('stops an EBR chain that loops, keeping the logical partitions found', async () => {
    const disk = fixtureBytes('mbr-logical.raw');
    const view = new DataView(disk.buffer, disk.byteOffset);
    const extStart = 6144;
    const secondEbr = extStart + view.getUint32(extStart * 512 + 0x1ce + 8, true); // link in the first EBR's entry 2
    const link = secondEbr * 512 + 0x1ce;
    disk[link + 4] = 0x05;
    view.setUint32(link + 8, 0, true); // back to the first EBR
    view.setUint32(link + 12, 1, true);
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.partitions.map((p) => p.number)).toEqual([1, 2, 5, 6]);
    expect(table.notes).toEqual([expect.stringMatching(/EBR chain loops back to LBA 6144 \(0x300000\); stopped after 2 logical partition/)]);
  });

  it('stops at an EBR link outside the extended partition', async () => {
    const disk = fixtureBytes('mbr-logical.raw');
    new DataView(disk.buffer, disk.byteOffset).setUint32(6144 * 512 + 0x1ce + 8, 50000, true);
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.partitions.map((p) => p.number)).toEqual([1, 2, 5]);
    expect(table.notes[0]).toMatch(/links to LBA 56144, outside the extended partition/);
  });

  it('drops partitions beyond the end of a shortened disk and cuts the ones that overrun it', async () => {
    const { disk } = await openContainer(await openFixture('mbr-logical.raw'));
    const table = await readPartitionTable(slice(disk, 0, 5 * 1024 * 1024, 'short disk'));
    expect(table.partitions.map((p) => [p.number, p.size])).toEqual([[1, 4096 * 512], [2, 5 * 1024 * 1024 - 6144 * 512], [5, 2048 * 512]]);
    expect(table.notes.join('\n')).toMatch(/MBR partition 2: runs .* past the end of the disk .*cut at the end/);
    expect(table.notes.join('\n')).toMatch(/EBR at LBA \d+ lies beyond the end of the disk/);
  });

  it("reads a FAT filesystem on the whole disk as 'no table'", async () => {
    const table = await tableOf('gpt-uefi-only.vhd');
    const esp = table.partitions.find((p) => p.typeName === 'EFI System')!;
    const none = await readPartitionTable(esp.source);
    expect(none).toMatchObject({ scheme: 'none', partitions: [], mbrBootCode: false });
    expect(none.notes[0]).toMatch(/FAT12 boot sector: a filesystem on the whole disk/);
  });

  it("reads a zeroed sector 0 as 'no table' without notes", async () => {
    const none = await readPartitionTable(new MemorySource(new Uint8Array(4096)));
    expect(none).toEqual({ scheme: 'none', mbrBootCode: false, notes: [], partitions: [] });
  });

  it('marks an ESP without a FAT boot sector', async () => {
    const disk = diskBytes('gpt-uefi-only.vhd');
    disk.fill(0, 2048 * 512, 2049 * 512);
    const table = await readPartitionTable(new MemorySource(disk));
    expect(table.partitions[0]?.espFat).toBe('none');
  });
});
