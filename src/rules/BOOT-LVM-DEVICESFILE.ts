import { LVM_CONF, type LvmDeviceEntry } from '../facts/lvm-devices.js';
import { anyOsState } from './storage/shared.js';
import type { Evidence, FindingDraft, Rule } from './types.js';

function entryEvidence(path: string, entry: LvmDeviceEntry): Evidence {
  // IDNAME is a disk's WWID or serial: a hardware identifier, not a secret.
  return { path, line: entry.line, excerpt: `IDTYPE=${entry.idType ?? ''} IDNAME=${entry.idName ?? ''} DEVNAME=${entry.devName ?? ''} PVID=${entry.pvid ?? ''}`.slice(0, 120) };
}

/** An LVM devices file must admit the image's own PVs, by an ID an Azure disk will have. */
export const BOOT_LVM_DEVICESFILE: Rule = {
  id: 'BOOT-LVM-DEVICESFILE',
  title: "The LVM devices file pins the build host's disks, not this image's PVs",
  severity: 'error',
  appliesTo: 'both',
  symptom:
    "LVM only uses devices listed in /etc/lvm/devices/system.devices (copied into the initramfs): on the Azure VM the OS disk has another WWID/serial, so LVM ignores the PV, the root VG is not activated and the boot stops in the dracut emergency shell.",
  fix: 'Before capture, delete the file (`rm /etc/lvm/devices/system.devices`, as virt-sysprep\'s lvm-system-devices operation does) and rebuild the initramfs (`dracut -f`), or set `use_devicesfile = 0` in /etc/lvm/lvm.conf; recreate it on the VM with `vgimportdevices -a` / `lvmdevices --adddev`.',
  needs: ['lvmDevices'],
  applies: anyOsState,
  check({ facts, image }) {
    const lvm = facts!.lvmDevices!;
    const file = lvm.file;
    if (!file || lvm.useDevicesFile?.value === 0) return [];
    const pvs = image.filesystems.filter((f) => f.type === 'LVM2_member' && f.uuid);
    const findings: FindingDraft[] = [];
    const refresh = file.machineIds.length > 0;
    for (const pv of pvs) {
      const pvid = pv.uuid!.replace(/-/g, '');
      const entry = file.entries.find((e) => e.pvid === pvid);
      const settingEvidence: Evidence[] = lvm.useDevicesFile ? [{ path: LVM_CONF, line: lvm.useDevicesFile.line, excerpt: `use_devicesfile = ${lvm.useDevicesFile.value}` }] : [{ detail: `${LVM_CONF} does not set use_devicesfile (LVM's default: 1)` }];
      if (!entry) {
        const listed = file.entries.map((e) => e.pvid ?? e.idName ?? '?').slice(0, 3).join(', ');
        findings.push({
          message: `${file.path} does not list ${pv.volume}'s PV ${pv.uuid} (PVID ${pvid})${file.entries.length > 0 ? `; it lists ${listed}` : ' (it lists no device)'}: LVM ignores the PV and its VG is not activated`,
          evidence: [{ path: file.path, detail: `${file.entries.length} device entr${file.entries.length === 1 ? 'y' : 'ies'}` }, ...file.entries.slice(0, 3).map((e) => entryEvidence(file.path, e)), ...settingEvidence],
        });
        continue;
      }
      if (entry.idType === 'devname') {
        findings.push({
          severity: 'warning',
          message: `${file.path} lists ${pv.volume}'s PV by device name ${entry.idName}: when the name differs on Azure LVM has to search for the PVID, and early autoactivation in the initramfs may skip the PV`,
          evidence: [entryEvidence(file.path, entry), ...settingEvidence],
        });
      } else if (refresh) {
        findings.push({
          severity: 'warning',
          message: `${file.path} lists ${pv.volume}'s PV by the build host's ${entry.idType} ${entry.idName}; the file records the machine (${file.machineIds.map((m) => m.key).join(', ')}), so an LVM that supports device_ids_refresh finds the PV by its PVID on the new VM, older LVM does not`,
          evidence: [entryEvidence(file.path, entry), ...file.machineIds.map((m) => ({ path: file.path, line: m.line, detail: `${m.key}= line` }))],
        });
      } else {
        findings.push({
          message: `${file.path} lists ${pv.volume}'s PV by the build host's ${entry.idType} ${entry.idName}: the Azure disk has another ID, so LVM ignores the PV and its VG is not activated`,
          evidence: [entryEvidence(file.path, entry), ...settingEvidence],
        });
      }
    }
    return findings;
  },
};
