import { describe, expect, it } from '@jest/globals';
import { checkImage, inspectImage } from '../../src/inspect.js';
import {
  fixtureEntry, fixtureImage, fixtureIntent, fixtureManifest, RHEL_FIXTURE_IMAGES_DIR, type FixtureExpectation,
} from '../helpers/fixtures.js';
import { expectGateOutcome } from '../helpers/gate-expectation.js';

/**
 * The whole pipeline over the RHEL-family images of scripts/fixtures/rhel.sh (GPT, XFS /boot,
 * LVM rootvg with XFS root and /var LVs, FAT ESP): the same assertions as gate.test.ts over the
 * images' own manifest, plus the layout seen through LVM compared with blkid and lvs.
 */
const dir = RHEL_FIXTURE_IMAGES_DIR;
const manifest = fixtureManifest(dir);
const cases = manifest.images.flatMap((image) =>
  image.expectations.map((e) => [image.name, `${e.osState} ${e.hyperVGeneration}`, e] as [string, string, FixtureExpectation]),
);

/** facts.lvm of the RHEL manifest (made by rhel-manifest.mjs from pvs/lvs and blkid at each LV). */
interface LvmFacts {
  lvs: { vg_name: string; lv_name: string; lv_size: string }[];
  lvFilesystems: Record<string, { TYPE?: string; UUID?: string }>;
  /** Every non-directory path of each LV's filesystem, as the kernel listed it. */
  lvFiles: Record<'rootlv' | 'varlv', string[]>;
}

const lvmFacts = (name: string): LvmFacts => (fixtureEntry(name, dir).facts as unknown as { lvm: LvmFacts }).lvm;

describe('gate over the RHEL-family fixture images', () => {
  it.each(cases)('%s checked as %s', async (name, _label, expectation) => {
    const result = await checkImage({ image: await fixtureImage(name, dir), intent: fixtureIntent(expectation), failOn: 'error' });
    expectGateOutcome(result, expectation, manifest.checkedRules);
  });
});

describe('inspect agrees with blkid, sfdisk, qemu-img and lvs on the RHEL-family images', () => {
  it.each(manifest.images.map((i) => [i.name]))('%s', async (name) => {
    const entry = fixtureEntry(name, dir);
    const result = await inspectImage({ image: await fixtureImage(name, dir) });
    const image = result.image;
    expect(image.container.virtualSize).toBe(entry.facts.qemuImg.virtualSize);
    expect(image.container.fileSize).toBe(entry.facts.fileSize);
    // The GPT as sfdisk read it: same entries, extents (sfdisk counts sectors, we bytes), types and partition GUIDs.
    const ourTable = image.partitionTable;
    const sector = entry.facts.sfdisk!.sectorsize;
    expect(ourTable.scheme).toBe(entry.facts.sfdisk!.label);
    expect(ourTable.diskId?.toLowerCase()).toBe(entry.facts.sfdisk!.id.toLowerCase());
    expect(ourTable.partitions.map((p) => [p.number, p.start, p.size, p.type.toLowerCase(), p.partUuid?.toLowerCase()])).toEqual(
      entry.facts.sfdisk!.partitions.map((p) => [Number(/(\d+)$/.exec(p.node)![1]), p.start * sector, p.size * sector, p.type.toLowerCase(), p.uuid?.toLowerCase()]),
    );
    for (const part of entry.facts.partitions) {
      const ours = image.filesystems.find((f) => f.partition === part.number);
      expect(ours).toBeDefined();
      if (part.blkid.TYPE) {
        expect(ours!.type).toBe(part.blkid.TYPE);
        if (part.blkid.UUID) expect(ours!.uuid?.toLowerCase()).toBe(part.blkid.UUID.toLowerCase());
      }
    }
    // Each LV, found through the PV's metadata, holds the XFS blkid saw at the LV's first byte.
    const lvm = lvmFacts(name);
    expect(lvm.lvs.map((lv) => lv.lv_name).sort()).toEqual(['rootlv', 'varlv']);
    for (const lv of lvm.lvs) {
      const ours = image.filesystems.find((f) => f.volume === `LV ${lv.vg_name}/${lv.lv_name}`);
      expect(ours).toMatchObject({ type: lvm.lvFilesystems[lv.lv_name]!.TYPE, uuid: lvm.lvFilesystems[lv.lv_name]!.UUID });
    }
    // Mount assembly: / and /var from the LVs, /boot and /boot/efi from partitions 2 and 1 by UUID.
    const mounts = Object.fromEntries(image.mounts.map((m) => [m.mountPoint, m]));
    expect(mounts['/']).toMatchObject({ volume: 'LV rootvg/rootlv', fsType: 'xfs' });
    expect(mounts['/var']).toMatchObject({ volume: 'LV rootvg/varlv', fsType: 'xfs' });
    expect(mounts['/boot']).toMatchObject({ volume: 'partition 2', fsType: 'xfs' });
    expect(mounts['/boot/efi']).toMatchObject({ volume: 'partition 1', fsType: 'vfat' });
  });
});

describe('VM traces on the separate /var LV are found through mount assembly', () => {
  it.each([
    ['rhel9-lvm-specialized.vhd', 'GEN-WAAGENT-MARKER'],
    ['rhel9-lvm-specialized.vhd', 'GEN-CLOUDINIT-STATE'],
    ['rhel9-lvm-with-traces.vhd', 'GEN-WAAGENT-MARKER'],
    ['rhel9-lvm-with-traces.vhd', 'GEN-DHCP-LEASES'],
    ['rhel9-lvm-with-traces.vhd', 'GEN-LOGS'],
  ])('%s: %s evidence is on rootvg/varlv, mounted at /var', async (name, ruleId) => {
    const expectation = fixtureEntry(name, dir).expectations.find((e) => e.osState === 'Generalized')!;
    expect(expectation.trips).toContain(ruleId);
    const result = await checkImage({ image: await fixtureImage(name, dir), intent: fixtureIntent(expectation), failOn: 'error' });
    const paths = result.findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.evidence.map((e) => e.path));
    expect(paths.length).toBeGreaterThan(0);
    const { lvFiles } = lvmFacts(name);
    // The root LV's /var is an empty mount point; every path the rule names is a file of varlv.
    expect(lvFiles.rootlv.filter((p) => p.startsWith('/var/'))).toEqual([]);
    for (const p of paths) {
      expect(p).toMatch(/^\/var\//);
      const onVarLv = p!.slice('/var'.length);
      expect(lvFiles.varlv.some((f) => f === onVarLv || f.startsWith(`${onVarLv}/`))).toBe(true);
    }
  });
});
