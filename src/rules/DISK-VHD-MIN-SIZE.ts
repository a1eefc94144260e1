import { MIB } from '../disk/conversion.js';
import { checkedVirtualSize, describeSize } from '../disk/describe.js';
import type { Rule } from './types.js';

/** Azure's smallest accepted VHD. */
const MIN_SIZE = 20 * MIB;

/** Azure rejects VHDs smaller than 20 MiB. */
export const DISK_VHD_MIN_SIZE: Rule = {
  id: 'DISK-VHD-MIN-SIZE',
  title: 'The virtual size is at least 20 MiB',
  severity: 'error',
  appliesTo: 'every image',
  symptom: 'Disk or image creation is rejected: the VHD is smaller than the 20 MiB minimum.',
  fix: 'Grow the disk: qemu-img convert -f vpc -O raw disk.vhd disk.raw; qemu-img resize -f raw disk.raw 20M (or the size you need); convert back with qemu-img convert -f raw -O vpc -o subformat=fixed,force_size disk.raw disk-fixed.vhd.',
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    const size = checkedVirtualSize(image.container);
    if (!(size < MIN_SIZE)) return [];
    return [{ message: `The virtual size is ${describeSize(size)}, below Azure's minimum of ${describeSize(MIN_SIZE)}.`, evidence: [{ detail: `virtual size ${size} bytes` }] }];
  },
};
