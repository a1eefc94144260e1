import { MIB, nextWholeMib, qemuToFixedVhd, resizeToWholeMibCommands } from '../disk/conversion.js';
import { checkedVirtualSize, describeSize, footerDetail } from '../disk/describe.js';
import type { FindingDraft, Rule } from './types.js';

/**
 * The virtual size must be a whole number of MiB, and a fixed VHD's file must be exactly that
 * size plus the 512-byte footer (qemu-img without force_size rounds to CHS geometry instead).
 */
export const DISK_VHD_SIZE_ALIGN: Rule = {
  id: 'DISK-VHD-SIZE-ALIGN',
  title: 'The virtual size is a whole number of MiB',
  severity: 'error',
  appliesTo: 'every image',
  symptom: 'Disk creation fails: "The VHD ... has an unsupported virtual size of N bytes. The size must be a whole number (in MBs)."',
  fix: 'Convert to raw, grow it to the next whole MiB with qemu-img resize, and convert back to a fixed VHD with force_size.',
  needs: [],
  applies: () => true,
  check: ({ image }) => {
    const { container, partitionTable } = image;
    const findings: FindingDraft[] = [];
    const size = checkedVirtualSize(container);
    if (Number.isFinite(size) && size % MIB !== 0) {
      const target = nextWholeMib(size);
      const commands = container.format === 'raw' ? resizeToWholeMibCommands(size).slice(1) : resizeToWholeMibCommands(size);
      if (partitionTable.scheme === 'gpt') commands.splice(commands.length - 1, 0, 'sgdisk -e disk.raw  # move the backup GPT header to the new end of the disk');
      findings.push({
        message: `The virtual size is ${describeSize(size)}, not a whole number of MiB; the next valid size is ${target} bytes (${target / MIB}M).`,
        evidence: [{ detail: container.footer ? footerDetail(container, `current size ${size} bytes (offset 0x30)`) : `raw image of ${size} bytes` }],
        fix: commands.join('\n'),
      });
    }
    if (container.format === 'vhd-fixed' && container.footer && container.fileSize !== container.footer.currentSize + 512) {
      findings.push({
        message: `The fixed VHD file is ${container.fileSize} bytes, but its footer says the disk is ${container.footer.currentSize} bytes: the file should be ${container.footer.currentSize + 512} bytes (disk + 512-byte footer). The data and the footer disagree about the disk size.`,
        evidence: [{ detail: footerDetail(container, `current size ${container.footer.currentSize} bytes (offset 0x30), file length ${container.fileSize}`) }],
        fix: [
          'Rebuild the file from the disk size the footer states (qemu-img reads exactly that many bytes):',
          'qemu-img convert -f vpc -O raw disk.vhd disk.raw',
          qemuToFixedVhd('raw', 'disk.raw', 'disk-fixed.vhd'),
        ].join('\n'),
      });
    }
    return findings;
  },
};
