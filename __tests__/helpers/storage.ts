import { assembleMounts } from '../../src/guest/assemble.js';
import { parseFstab } from '../../src/guest/fstab.js';
import type { Volume } from '../../src/guest/volume.js';
import { fstabFacts } from '../../src/facts/fstab.js';
import { MemoryFilesystem } from '../../src/fs/memory/memory-fs.js';
import { MemorySource } from '../../src/io/byte-source.js';
import type { Intent } from '../../src/intent/types.js';
import type { Rule, RuleContext } from '../../src/rules/types.js';
import type { Facts } from '../../src/facts/index.js';
import { plainImage } from './rule-context.js';

/** A volume of the test disk; readable (with an empty filesystem) unless `fs: undefined` is given. */
export function testVolume(name: string, extra: Partial<Volume> = {}): Volume {
  return { name, source: new MemorySource(new Uint8Array(0)), identity: {}, fs: new MemoryFilesystem({}), ...extra };
}

/** An Ubuntu-like GPT disk: root (ext4, cloudimg-rootfs), ESP, and an LVM data LV. */
export const ubuntuVolumes = (): Volume[] => [
  testVolume('partition 1', { partitionNumber: 1, fsType: 'ext4', identity: { uuid: '6b0e1a8c-1111-4a4a-9b9b-000000000001', label: 'cloudimg-rootfs' } }),
  testVolume('partition 15', { partitionNumber: 15, fsType: 'vfat', identity: { uuid: 'A1B2-C3D4', label: 'UEFI' } }),
  testVolume('partition 2', { partitionNumber: 2, fsType: 'swap', fs: undefined, identity: { uuid: '5e5e5e5e-2222-4a4a-9b9b-000000000002' } }),
  testVolume('LV datavg/datalv', { lvm: { vg: 'datavg', lv: 'datalv' }, fsType: 'xfs', identity: { uuid: 'dddddddd-3333-4a4a-9b9b-000000000003' } }),
];

/** Facts with only `fstab`, made the way inspection makes them: parseFstab + assembleMounts over the volumes. */
export function fstabOnlyFacts(fstab: string | undefined, volumes: Volume[] = ubuntuVolumes()): Facts {
  const plan = assembleMounts(volumes[0]!, parseFstab(fstab ?? ''), volumes);
  return { unavailable: [], fstab: fstabFacts(plan, fstab !== undefined) };
}

/** "severity message" per finding of `rule` on that fstab. */
export function fstabRuleLines(rule: Rule, fstab: string, intent: Partial<Intent> = {}, volumes?: Volume[]): string[] {
  const ctx: RuleContext = { image: plainImage(), facts: fstabOnlyFacts(fstab, volumes), intent: { sources: {}, osState: 'generalized', ...intent } };
  return rule.check(ctx).map((f) => `${f.severity ?? rule.severity} ${f.message}`);
}
