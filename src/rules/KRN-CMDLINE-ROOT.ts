import { parseDeviceRef, type DeviceRef } from '../guest/match-spec.js';
import type { ImageFacts } from '../model.js';
import { entryEvidence, entryName, judgedEntries } from './kernel-cmdline/shared.js';
import { anyOsState, judgeDeviceName } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

/** Whether a root= reference by identity names a filesystem or partition of this image; undefined when it cannot be told. */
function onThisDisk(ref: DeviceRef, image: ImageFacts): boolean | undefined {
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  switch (ref.by) {
    case 'uuid':
      return image.filesystems.some((f) => same(f.uuid, ref.value));
    case 'label':
      return image.filesystems.some((f) => f.label === ref.value);
    case 'partuuid':
      return image.partitionTable.partitions.some((p) => same(p.partUuid, ref.value));
    case 'partlabel':
      return image.partitionTable.partitions.some((p) => p.label === ref.value);
    case 'lvm':
      // dm-crypt mappings (/dev/mapper/luks-<uuid>) look like VG-LV names but are opened in the initramfs.
      if (ref.vg === 'luks') return undefined;
      return image.filesystems.some((f) => f.volume === `LV ${ref.vg}/${ref.lv}`);
    default:
      return undefined;
  }
}

/** root= of the default boot entry names the root persistently, and a filesystem of this image. */
export const KRN_CMDLINE_ROOT: Rule = {
  id: 'KRN-CMDLINE-ROOT',
  title: 'The default boot entry names the root device by kernel name, or a device not in the image',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'The initramfs waits for a root device that never appears (a /dev/vda name from the build hypervisor, a UUID of another disk) and drops to the dracut/initramfs emergency shell: the VM never boots, provisioning times out.',
  fix: 'Use `root=UUID=<uuid of the root filesystem>` (or `/dev/mapper/VG-LV` for LVM): on Debian/Ubuntu set GRUB_DISABLE_LINUX_UUID=false (default) and run `update-grub`; on RHEL/SUSE `grub2-mkconfig -o /boot/grub2/grub.cfg` or `grubby --update-kernel=ALL --args="root=UUID=..."`.',
  needs: ['kernelCmdline'],
  applies: anyOsState,
  check({ facts, image, intent }) {
    const findings: FindingDraft[] = [];
    const entries = judgedEntries(facts!.kernelCmdline!);
    for (const source of entries.defaults) {
      const root = source.args.filter((a) => a.name === 'root').at(-1); // the kernel uses the last root=
      if (!root?.value) continue;
      const where = entries.fromDefaultGrub ? `/etc/default/grub (${source.label})` : `the default boot entry ${entryName(source)}`;
      const ref = parseDeviceRef(root.value);
      if (ref.by === 'devname') {
        const verdict = judgeDeviceName(ref.device, intent);
        if (verdict === 'leave-to-nvme-rule') continue;
        findings.push({ severity: verdict.severity, message: `${where} boots root=${ref.device}: ${verdict.why}`, evidence: [entryEvidence(source, 'boots by default')] });
        continue;
      }
      if (onThisDisk(ref, image) === false) {
        findings.push({
          message: `${where} boots root=${root.value}, but no filesystem or partition of this image has that name: the initramfs cannot find its root`,
          evidence: [entryEvidence(source, 'boots by default')],
        });
      }
    }
    return findings;
  },
};
