import { convertVhdToFixed, qemuToFixedVhd } from '../disk/conversion.js';
import { footerDetail } from '../disk/describe.js';
import type { Rule } from './types.js';

/** Azure accepts only fixed VHDs; a dynamic (sparse) VHD is rejected at upload or disk creation. */
export const DISK_VHD_FIXED: Rule = {
  id: 'DISK-VHD-FIXED',
  title: 'The VHD is fixed, not dynamic',
  severity: 'error',
  appliesTo: 'every VHD',
  symptom: 'Upload or disk creation is rejected: Azure supports only fixed-size VHDs.',
  fix: `Convert to a fixed VHD: ${qemuToFixedVhd('vpc', 'in.vhd', 'out.vhd')} (Linux), or ${convertVhdToFixed('in.vhd', 'out.vhd')} (Hyper-V PowerShell).`,
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    const { container } = image;
    if (container.format !== 'vhd-dynamic') return [];
    return [
      {
        message: `${image.source} is a dynamic VHD (footer disk type ${container.footer?.diskType ?? 3}); Azure accepts only a fixed VHD. Its guest was still read through the block allocation table.`,
        evidence: [{ detail: footerDetail(container, `disk type ${container.footer?.diskType ?? 3} (offset 0x3c), file ${container.fileSize} bytes for a ${container.virtualSize}-byte disk`) }],
      },
    ];
  },
};
