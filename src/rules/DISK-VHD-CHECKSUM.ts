import { footerDetail } from '../disk/describe.js';
import { qemuToFixedVhd } from '../disk/conversion.js';
import { hex } from '../errors.js';
import type { FindingDraft, Rule } from './types.js';

/** The one file-format version the VHD spec defines (footer offset 0x0c). */
const VHD_FORMAT_VERSION = 0x00010000;

/** The VHD footer checksum and format version must be valid, or Azure treats the blob as an invalid VHD. */
export const DISK_VHD_CHECKSUM: Rule = {
  id: 'DISK-VHD-CHECKSUM',
  title: 'The VHD footer checksum and format version are valid',
  severity: 'error',
  appliesTo: 'every VHD',
  symptom: 'Disk or image creation is rejected as an invalid VHD.',
  fix: `Write a fresh footer: a fixed VHD's data is everything before its last 512 bytes, so run head -c -512 disk.vhd > disk.raw, then ${qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd')}. Find and fix the step that edited the footer.`,
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    const { container } = image;
    const footer = container.footer;
    if (!footer) return [];
    const findings: FindingDraft[] = [];
    if (!footer.checksumValid) {
      findings.push({
        message: `The VHD footer checksum (offset 0x40) is ${hex(footer.checksum)}, which is not the one's complement of the footer's byte sum: the footer was edited or damaged after it was written.`,
        evidence: [{ detail: footerDetail(container, `stored checksum ${hex(footer.checksum)}`) }],
      });
    }
    if (footer.formatVersion !== VHD_FORMAT_VERSION) {
      findings.push({
        message: `The VHD footer file format version (offset 0x0c) is ${hex(footer.formatVersion)}; the VHD specification defines only 0x10000.`,
        evidence: [{ detail: footerDetail(container, `file format version ${hex(footer.formatVersion)}`) }],
      });
    }
    return findings;
  },
};
