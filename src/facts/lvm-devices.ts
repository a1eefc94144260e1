import type { GuestFs } from '../guest/guest-fs.js';

export const LVM_DEVICES_FILE = '/etc/lvm/devices/system.devices';
export const LVM_CONF = '/etc/lvm/lvm.conf';

/** One device line of the LVM devices file (lvmdevices(8)): `IDTYPE=… IDNAME=… DEVNAME=… PVID=… [PART=…]`. */
export interface LvmDeviceEntry {
  line: number;
  idType?: string;
  idName?: string;
  devName?: string;
  /** The PV UUID without dashes, as LVM writes it. */
  pvid?: string;
  part?: string;
}

/** The LVM devices file and whether LVM uses it. */
export interface LvmDevicesFacts {
  /** /etc/lvm/devices/system.devices, when it exists. */
  file?: {
    path: string;
    entries: LvmDeviceEntry[];
    /** HOSTNAME= / PRODUCT_UUID= header lines: LVM releases that write them refresh device IDs when the machine differs. */
    machineIds: { key: string; line: number }[];
  };
  /** `use_devicesfile` set in lvm.conf's devices section (last uncommented assignment), with its line; undefined when not set (LVM's built-in default, 1). */
  useDevicesFile?: { value: number; line: number };
}

/** Parses the devices file as lvm's device_ids_read does: `#` lines skipped, `KEY=value` fields, IDTYPE and IDNAME required. */
export function parseDevicesFile(text: string): { entries: LvmDeviceEntry[]; machineIds: { key: string; line: number }[] } {
  const entries: LvmDeviceEntry[] = [];
  const machineIds: { key: string; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.startsWith('#')) return;
    const fields = new Map<string, string>();
    for (const m of raw.matchAll(/([A-Z_]+)=(\S*)/g)) if (!fields.has(m[1]!)) fields.set(m[1]!, m[2]!);
    for (const key of ['HOSTNAME', 'PRODUCT_UUID']) if (raw.startsWith(key)) machineIds.push({ key, line: i + 1 });
    if (!fields.has('IDTYPE') || !fields.has('IDNAME')) return;
    entries.push({ line: i + 1, idType: fields.get('IDTYPE'), idName: fields.get('IDNAME'), devName: fields.get('DEVNAME'), pvid: fields.get('PVID'), part: fields.get('PART') });
  });
  return { entries, machineIds };
}

/** The last uncommented `use_devicesfile = N` of lvm.conf (it is only meaningful in the devices section, where lvm.conf has it). */
export function useDevicesFileSetting(text: string): { value: number; line: number } | undefined {
  let found: { value: number; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*use_devicesfile\s*=\s*(\d+)/.exec(raw);
    if (m) found = { value: Number(m[1]), line: i + 1 };
  });
  return found;
}

export async function collectLvmDevices(guest: GuestFs): Promise<LvmDevicesFacts> {
  const devices = await guest.readText(LVM_DEVICES_FILE);
  const conf = await guest.readText(LVM_CONF);
  const setting = conf === undefined ? undefined : useDevicesFileSetting(conf);
  return {
    ...(devices !== undefined ? { file: { path: LVM_DEVICES_FILE, ...parseDevicesFile(devices) } } : {}),
    ...(setting ? { useDevicesFile: setting } : {}),
  };
}
