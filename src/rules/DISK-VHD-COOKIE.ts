import { qemuToFixedVhd } from '../disk/conversion.js';
import { footerDetail } from '../disk/describe.js';
import { hex } from '../errors.js';
import type { Rule } from './types.js';

/** The image must end in a VHD footer ("conectix"): Azure reads only that to accept a page blob as a disk. */
export const DISK_VHD_COOKIE: Rule = {
  id: 'DISK-VHD-COOKIE',
  title: 'The image ends in a VHD footer',
  severity: 'error',
  appliesTo: 'every image',
  symptom: 'Disk or image creation is rejected: "Invalid virtual hard disk (VHD)" (Azure accepts only fixed VHDs).',
  fix: `Convert the raw image to a fixed VHD: ${qemuToFixedVhd('raw', 'disk.raw', 'disk.vhd')}`,
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    const { container } = image;
    if (container.format === 'raw') {
      const tail = container.fileSize >= 512 ? `the last 512 bytes (at ${hex(container.fileSize - 512)}) hold no "conectix" cookie` : `the file is only ${container.fileSize} bytes`;
      return [
        {
          message: `${image.source} is not a VHD: ${tail}, so it is a raw disk image (or not a disk image at all). Azure accepts only a fixed VHD.`,
          evidence: [{ detail: `image size ${container.fileSize} bytes, no VHD footer` }],
        },
      ];
    }
    if (container.footerLocation === 'start-copy') {
      return [
        {
          message: `${image.source} has no VHD footer at its end (${hex(container.fileSize - 512)}); only the copy a dynamic VHD keeps at offset 0 is intact. The file is truncated or its tail was overwritten, and Azure reads only the end.`,
          evidence: [{ detail: footerDetail(container, 'footer copy used, end-of-file footer missing') }],
          fix: `Rebuild the VHD from its source, or repair it with: qemu-img convert -f vpc -O raw disk.vhd disk.raw && ${qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd')}`,
        },
      ];
    }
    return [];
  },
};
