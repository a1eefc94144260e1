import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectImage } from '../../../src/inspect.js';
import { diskBytes, loadManifest } from './lvm-fixtures.js';

const work = mkdtempSync(path.join(tmpdir(), 'lvm-inspect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function inspect(name: string) {
  const file = path.join(work, `${name}.raw`);
  writeFileSync(file, diskBytes(name));
  return inspectImage({ image: file });
}

describe('the whole pipeline over LVM', () => {
  it('finds the root on rootvg/rootlv and mounts what its fstab names as /dev/mapper/rootvg-my--data (hyphen doubled) and /dev/rootvg/varlv', async () => {
    const result = await inspect('lvm-gpt');
    expect(result.guestError).toBeUndefined();
    const byMountPoint = (a: { mountPoint: string }, b: { mountPoint: string }) => a.mountPoint.localeCompare(b.mountPoint);
    expect([...result.image.mounts].sort(byMountPoint)).toEqual([
      { mountPoint: '/', volume: 'LV rootvg/rootlv', fsType: 'ext4' },
      { mountPoint: '/data', volume: 'LV rootvg/my-data', fsType: 'ext4' },
      { mountPoint: '/var', volume: 'LV rootvg/varlv', fsType: 'ext4' },
    ]);
    expect(result.image.problems).toEqual([]);
    expect(result.facts?.osRelease).toBeDefined();
  });

  it('lists each LV as a filesystem with the ext4 label mkfs gave it, beside the two PV partitions', async () => {
    const result = await inspect('lvm-gpt');
    const rows = result.image.filesystems.map((f) => `${f.volume} ${f.type} ${f.label ?? ''} ${f.size}`);
    const lvSize = (lv: string) => Number(loadManifest('lvm-gpt').lvs.find((l) => l.lv_name === lv)!.lv_size.slice(0, -1)) * 512;
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^partition 2 LVM2_member /),
        expect.stringMatching(/^partition 3 LVM2_member /),
        `LV rootvg/rootlv ext4 rootfs ${lvSize('rootlv')}`,
        `LV rootvg/varlv ext4 var ${lvSize('varlv')}`,
        `LV rootvg/my-data ext4 data ${lvSize('my-data')}`,
        `LV rootvg/stripelv ext4 stripe ${lvSize('stripelv')}`,
      ]),
    );
  });

  it('reports the LVs of a VG whose other PV is missing, and still lists the LV that opened', async () => {
    const result = await inspect('lvm-split');
    expect(result.image.problems.filter((p) => /farlv|spanlv|splitvg: PV/.test(p))).toHaveLength(3);
    expect(result.image.filesystems.map((f) => `${f.volume} ${f.type} ${f.label ?? ''}`)).toContain('LV splitvg/homelv ext4 home');
  });
});

describe('vhd-gate inspect over LVM', () => {
  it('draws the logical volumes as a branch of the layout tree, each with its filesystem and mount point', async () => {
    const { renderInspectText } = await import('../../../src/report/inspect-text.js');
    const text = renderInspectText(await inspect('lvm-gpt'));
    expect(text).toContain('├─ LVM logical volumes');
    expect(text).toMatch(/│  [├└]─ rootvg\/rootlv  size [\d.]+ MiB\n│[│ ]+└─ ext4, uuid [0-9a-f-]+, label "rootfs", mounted at \//);
    expect(text).toMatch(/rootvg\/my-data  size [\d.]+ MiB\n.*mounted at \/data/);
  });
});
