import { afterAll, describe, expect, it } from '@jest/globals';
import { openContainer } from '../../src/disk/index.js';
import { vhdChecksum } from '../../src/disk/vhd-footer.js';
import { ContainerError } from '../../src/errors.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { cleanupFixtures, fixtureBytes, openFixture, sha256Of, toolRecord } from './layout-fixtures.js';

afterAll(cleanupFixtures);

describe('openContainer on images made by qemu-img (compared with qemu-img info)', () => {
  it.each([
    ['mbr-logical', 'mbr-logical.vhd', 'vhd-fixed'],
    ['mbr-logical', 'mbr-logical-dynamic.vhd', 'vhd-dynamic'],
    ['gpt-bios-esp', 'gpt-bios-esp.vhd', 'vhd-fixed'],
    ['gpt-bios-esp', 'gpt-bios-esp-dynamic.vhd', 'vhd-dynamic'],
    ['gpt-hybrid', 'gpt-hybrid.vhd', 'vhd-fixed'],
    ['odd', 'odd-chs.vhd', 'vhd-fixed'],
    ['odd', 'odd-forced.vhd', 'vhd-fixed'],
  ] as const)('%s: %s is a %s with the size qemu-img reports', async (record, file, format) => {
    const qemu = toolRecord(record).containers[file]!;
    expect(qemu.format).toBe('vpc');
    const { disk, info } = await openContainer(await openFixture(file));
    expect(info.format).toBe(format);
    expect(info.virtualSize).toBe(qemu['virtual-size']);
    expect(disk.size).toBe(qemu['virtual-size']);
    expect(info.fileSize).toBe(qemu['file-size']);
    expect(info.footer).toMatchObject({ cookieValid: true, checksumValid: true, formatVersion: 0x10000, currentSize: qemu['virtual-size'] });
    expect(info.footer?.diskType).toBe(format === 'vhd-fixed' ? 2 : 3);
    expect(info.footerLocation).toBe('end');
    expect(info.notes).toEqual([]);
  });

  it.each([
    ['mbr-logical', 'mbr-logical.vhd'],
    ['mbr-logical', 'mbr-logical-dynamic.vhd'],
    ['mbr-logical', 'mbr-logical.raw'],
    ['gpt-bios-esp', 'gpt-bios-esp.vhd'],
    ['gpt-bios-esp', 'gpt-bios-esp-dynamic.vhd'],
  ])('%s: the virtual disk of %s is byte-identical to the raw image it was converted from', async (record, file) => {
    const { disk } = await openContainer(await openFixture(file));
    expect(disk.size).toBe(toolRecord(record).rawSize);
    expect(await sha256Of(disk)).toBe(toolRecord(record).rawSha256);
  });

  it('reads the creator qemu-img writes: "qem2" with force_size (size taken from the footer), "qemu" without (CHS)', async () => {
    expect((await openContainer(await openFixture('odd-forced.vhd'))).info.footer?.creatorApplication).toBe('qem2');
    expect((await openContainer(await openFixture('odd-chs.vhd'))).info.footer?.creatorApplication).toBe('qemu');
  });

  it('reads a file without a footer as raw', async () => {
    const { info } = await openContainer(await openFixture('mbr-logical.raw'));
    expect(info).toEqual({ format: 'raw', virtualSize: toolRecord('mbr-logical').rawSize, fileSize: toolRecord('mbr-logical').rawSize, notes: [] });
  });

  it('records a fixed VHD whose file length is not current size + 512', async () => {
    const qemu = toolRecord('length-mismatch').containers['length-mismatch.vhd']!;
    const { disk, info } = await openContainer(await openFixture('length-mismatch.vhd'));
    expect(info.format).toBe('vhd-fixed');
    expect(info.footer?.currentSize).toBe(qemu['virtual-size']);
    expect(info.fileSize).toBe(qemu['file-size']);
    expect(info.fileSize).not.toBe(qemu['virtual-size'] + 512);
    expect(disk.size).toBe(info.fileSize - 512);
    expect(info.notes.join('\n')).toMatch(/Current Size" is 8388608 bytes but the file holds 8389120 bytes/);
  });
});

describe('containers we only name', () => {
  it.each([
    ['unsupported.vhdx', 'vhdx', 'VHDX'],
    ['unsupported.qcow2', 'qcow2', 'qcow2'],
    ['unsupported-sparse.vmdk', 'vmdk', 'VMDK (sparse extent)'],
    ['unsupported-flat.vmdk', 'vmdk', 'VMDK (text descriptor)'],
    ['unsupported.vdi', 'vdi', 'VDI'],
  ])('%s (qemu-img says %s) is rejected as %s with the conversion command', async (file, qemuFormat, name) => {
    const { readFileSync } = await import('node:fs');
    const { layoutsDir } = await import('./layout-fixtures.js');
    const qemu = JSON.parse(readFileSync(`${layoutsDir}/${file}.json`, 'utf8')) as { format: string };
    expect(qemu.format).toBe(qemuFormat);
    const ext = file.split('.').pop();
    const error = await openContainer(await openFixture(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect(error).toMatchObject({ kind: 'unsupported', layer: 'container' });
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain(`qemu-img convert -f ${qemuFormat} -O vpc -o subformat=fixed,force_size in.${ext} out.vhd`);
  });

  it('rejects a differencing VHD with the Convert-VHD command', async () => {
    const bytes = fixtureBytes('odd-forced.vhd');
    const footer = bytes.subarray(bytes.length - 512);
    new DataView(footer.buffer, footer.byteOffset).setUint32(0x3c, 4); // Disk Type = differencing
    setFooterChecksum(footer);
    const error = await openContainer(new MemorySource(bytes, 'child.vhd')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unsupported', layer: 'container' });
    expect((error as Error).message).toContain('Convert-VHD -Path child.vhd -DestinationPath out.vhd -VHDType Fixed');
  });
});

describe('damaged containers', () => {
  it('keeps reading a fixed VHD whose footer checksum is wrong, and says so', async () => {
    const bytes = fixtureBytes('gpt-hybrid.vhd');
    bytes[bytes.length - 512 + 0x1c] ^= 0x20; // one bit of "Creator Application"
    const { disk, info } = await openContainer(new MemorySource(bytes));
    expect(info.format).toBe('vhd-fixed');
    expect(info.footer?.checksumValid).toBe(false);
    expect(info.notes.join('\n')).toMatch(/footer checksum mismatch/);
    expect(disk.size).toBe(bytes.length - 512);
  });

  it('reads a cookie-but-garbage footer as fixed, noting the unknown disk type', async () => {
    const bytes = fixtureBytes('odd-forced.vhd');
    const footer = bytes.subarray(bytes.length - 512);
    new DataView(footer.buffer, footer.byteOffset).setUint32(0x3c, 0x12345678);
    const { info } = await openContainer(new MemorySource(bytes));
    expect(info.format).toBe('vhd-fixed');
    expect(info.footer).toMatchObject({ cookieValid: true, checksumValid: false, diskType: 0x12345678 });
    expect(info.notes.join('\n')).toMatch(/disk type 305419896 is not 2, 3 or 4; read as fixed/);
  });

  it('treats a fixed VHD cut short (footer lost) as raw', async () => {
    const bytes = fixtureBytes('odd-forced.vhd').subarray(0, 1024 * 1024);
    const { info } = await openContainer(new MemorySource(bytes));
    expect(info.format).toBe('raw');
  });

  it('records a file that is not whole sectors', async () => {
    const { info } = await openContainer(new MemorySource(new Uint8Array(1000)));
    expect(info.format).toBe('raw');
    expect(info.notes[0]).toMatch(/not a multiple of 512/);
  });
});

describe('files cut short', () => {
  it.each([[0, /is empty/], [511, /is only 511 bytes/]])('refuses a %i-byte file as no disk at all', async (size, message) => {
    const error = await openContainer(new MemorySource(new Uint8Array(size))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect(error).toMatchObject({ kind: 'corrupt', offset: 0, message: expect.stringMatching(message) });
  });

  it.each([8, 256, 511])('refuses a fixed VHD that ends %i bytes into its footer', async (kept) => {
    const whole = fixtureBytes('odd-forced.vhd');
    const footerStart = whole.length - 512;
    const error = await openContainer(new MemorySource(whole.subarray(0, footerStart + kept))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect(error).toMatchObject({ kind: 'corrupt', offset: footerStart, message: expect.stringMatching(new RegExp(`ends ${kept} bytes into a VHD footer`)) });
  });
});

describe('dynamic VHD structures', () => {
  const file = 'mbr-logical-dynamic.vhd';
  /** Offsets of the real structures, read from the footer and header the way the spec lays them out. */
  function layout(bytes: Uint8Array): { view: DataView; header: number; table: number; blockSize: number } {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const header = Number(view.getBigUint64(bytes.length - 512 + 0x10));
    return { view, header, table: Number(view.getBigUint64(header + 0x10)), blockSize: view.getUint32(header + 0x20) };
  }

  it('has the block size qemu-img reports as cluster size', async () => {
    const bytes = fixtureBytes(file);
    expect(layout(bytes).blockSize).toBe(toolRecord('mbr-logical').containers[file]!['cluster-size']);
  });

  it('reads sectors whose bitmap bit is clear as zeros', async () => {
    const bytes = fixtureBytes(file);
    const { view, table } = layout(bytes);
    const bitmapAt = view.getUint32(table) * 512; // block 0
    const before = await (await openContainer(new MemorySource(fixtureBytes(file)))).disk.read(0, 1024);
    expect(before.subarray(0, 440).some((b) => b !== 0)).toBe(true); // syslinux boot code is there
    bytes[bitmapAt] &= 0x7f; // clear sector 0's bit (most significant bit first)
    const { disk } = await openContainer(new MemorySource(bytes));
    const after = await disk.read(0, 1024);
    expect(after.subarray(0, 512).every((b) => b === 0)).toBe(true);
    expect(after.subarray(512)).toEqual(before.subarray(512));
  });

  it('zeroes only the part of a partial-sector read that falls in a clear sector', async () => {
    const bytes = fixtureBytes(file);
    const { view, table } = layout(bytes);
    const before = await (await openContainer(new MemorySource(fixtureBytes(file)))).disk.read(100, 1000);
    bytes[view.getUint32(table) * 512] &= 0x7f; // sector 0 clear, sector 1 still set
    const after = await (await openContainer(new MemorySource(bytes))).disk.read(100, 1000);
    expect(after.subarray(0, 412).every((b) => b === 0)).toBe(true);
    expect(after.subarray(412)).toEqual(before.subarray(412));
    expect(before.subarray(0, 412).some((b) => b !== 0)).toBe(true);
  });

  it('reads blocks the BAT marks unallocated as zeros', async () => {
    const bytes = fixtureBytes(file);
    const { view, table, blockSize } = layout(bytes);
    expect(view.getUint32(table + 4 * 3)).toBe(0xffffffff); // qemu never wrote the last 2 MiB
    const { disk } = await openContainer(new MemorySource(bytes));
    expect((await disk.read(3 * blockSize, 4096)).every((b) => b === 0)).toBe(true);
  });

  it('notes a BAT entry pointing past the end of the file, and fails only reads of that block', async () => {
    const bytes = fixtureBytes(file);
    const { view, table, blockSize } = layout(bytes);
    view.setUint32(table + 4, 0x7fffffff); // block 1
    const { disk, info } = await openContainer(new MemorySource(bytes));
    expect(info.notes.join('\n')).toMatch(/1 block\(s\) point past the end of the file/);
    expect((await disk.read(0, 512)).length).toBe(512);
    const error = await disk.read(blockSize + 10, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect(error).toMatchObject({ kind: 'corrupt', offset: table + 4 });
  });

  it('fails with the field offset when the BAT offset points outside the file', async () => {
    const bytes = fixtureBytes(file);
    const { view, header } = layout(bytes);
    view.setBigUint64(header + 0x10, BigInt(bytes.length));
    const error = await openContainer(new MemorySource(bytes)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'corrupt', layer: 'container', offset: header + 0x10 });
  });

  it('fails with the field offset when the block size is not a power of two', async () => {
    const bytes = fixtureBytes(file);
    const { view, header } = layout(bytes);
    view.setUint32(header + 0x20, 3 * 1024 * 1024);
    const error = await openContainer(new MemorySource(bytes)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'corrupt', offset: header + 0x20 });
  });

  it('notes a dynamic header checksum mismatch but still reads', async () => {
    const bytes = fixtureBytes(file);
    const { header } = layout(bytes);
    bytes[header + 0x40] ^= 1; // parent unique id, covered by the checksum
    const { info } = await openContainer(new MemorySource(bytes));
    expect(info.notes.join('\n')).toMatch(/dynamic header at 0x200: checksum mismatch/);
  });

  it('fails with an offset when a dynamic VHD is truncated', async () => {
    const bytes = fixtureBytes(file).subarray(0, 2048);
    const error = await openContainer(new MemorySource(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerError);
    expect(error).toMatchObject({ kind: 'corrupt' });
    expect((error as ContainerError).offset).toEqual(expect.any(Number));
  });

  it('reads a dynamic VHD whose end footer is gone through the copy at offset 0, and says so', async () => {
    const whole = fixtureBytes(file);
    const bytes = new Uint8Array(whole.length);
    bytes.set(whole.subarray(0, whole.length - 512)); // end footer zeroed
    const { disk, info } = await openContainer(new MemorySource(bytes));
    expect(info.format).toBe('vhd-dynamic');
    expect(info.footerLocation).toBe('start-copy');
    expect(info.notes[0]).toMatch(/no VHD footer at .* read the dynamic disk through the footer copy at offset 0/);
    expect(await sha256Of(disk)).toBe(toolRecord('mbr-logical').rawSha256);
  });
});

function setFooterChecksum(footer: Uint8Array): void {
  new DataView(footer.buffer, footer.byteOffset).setUint32(0x40, vhdChecksum(footer, 0x40));
}
