import type { Volume } from './volume.js';

/** How an fstab spec (or root=) names a device, decoded. */
export type DeviceRef =
  | { by: 'uuid' | 'label' | 'partuuid' | 'partlabel'; value: string }
  | { by: 'devname'; partition: number; device: string; firstDisk: boolean }
  | { by: 'lvm'; vg: string; lv: string }
  | { by: 'unknown'; value: string };

/** LVM doubles hyphens inside VG and LV names in /dev/mapper names: vg--a-lv--b → vg-a / lv-b. */
function splitMapperName(name: string): { vg: string; lv: string } | undefined {
  const m = /^((?:[^-]|--)+)-((?:[^-]|--)+)$/.exec(name);
  if (!m) return undefined;
  return { vg: m[1]!.replace(/--/g, '-'), lv: m[2]!.replace(/--/g, '-') };
}

/** Kernel device names of a disk's partitions on the common buses: sda1, vda1, xvda1, hda1, nvme0n1p1, mmcblk0p1. */
const devnamePattern = /^\/dev\/(?:(?:[shv]d|xvd)([a-z]+)(\d+)|(nvme\d+n\d+|mmcblk\d+|loop\d+)p(\d+))$/;
/** The names the image's own (first) disk had on the build machine; sdb, nvme1n1 ... are other disks. */
const firstDiskNames = new Set(['a', 'nvme0n1', 'mmcblk0', 'loop0']);

/** Decodes UUID=, LABEL=, PARTUUID=, PARTLABEL=, /dev/disk/by-*, /dev/mapper/VG-LV, /dev/VG/LV and /dev/sdXN. */
export function parseDeviceRef(spec: string): DeviceRef {
  const tagged = /^(UUID|LABEL|PARTUUID|PARTLABEL)=(.*)$/i.exec(spec);
  if (tagged) return { by: tagged[1]!.toLowerCase() as 'uuid', value: unquote(tagged[2]!) };
  const byDir = /^\/dev\/disk\/by-(uuid|label|partuuid|partlabel)\/(.+)$/.exec(spec);
  if (byDir) return { by: byDir[1] as 'uuid', value: decodeUdevName(byDir[2]!) };
  const mapper = /^\/dev\/mapper\/(.+)$/.exec(spec);
  if (mapper) {
    const split = splitMapperName(mapper[1]!);
    return split ? { by: 'lvm', ...split } : { by: 'unknown', value: spec };
  }
  const dev = devnamePattern.exec(spec);
  if (dev) {
    return { by: 'devname', device: spec, partition: Number(dev[2] ?? dev[4]), firstDisk: firstDiskNames.has(dev[1] ?? dev[3]!) };
  }
  const vgLv = /^\/dev\/([^/]+)\/([^/]+)$/.exec(spec);
  if (vgLv && !['disk', 'mapper'].includes(vgLv[1]!)) return { by: 'lvm', vg: vgLv[1]!, lv: vgLv[2]! };
  return { by: 'unknown', value: spec };
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}

/** udev escapes unsafe characters in by-label names as \xNN. */
function decodeUdevName(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The volumes a reference can mean (usually one; several means the image is ambiguous). */
export function findVolumes(ref: DeviceRef, volumes: readonly Volume[]): Volume[] {
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  switch (ref.by) {
    case 'uuid':
      return volumes.filter((v) => same(v.identity.uuid, ref.value));
    case 'label':
      return volumes.filter((v) => v.identity.label === ref.value);
    case 'partuuid':
      return volumes.filter((v) => same(v.partUuid, ref.value));
    case 'partlabel':
      return volumes.filter((v) => v.partLabel === ref.value);
    case 'devname':
      return ref.firstDisk ? volumes.filter((v) => v.partitionNumber === ref.partition) : [];
    case 'lvm':
      return volumes.filter((v) => v.lvm?.vg === ref.vg && v.lvm.lv === ref.lv);
    default:
      return [];
  }
}
