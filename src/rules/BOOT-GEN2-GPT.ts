import type { FindingDraft, Rule } from './types.js';

/** Generation 2 VMs boot with UEFI from a GPT disk. */
export const BOOT_GEN2_GPT: Rule = {
  id: 'BOOT-GEN2-GPT',
  title: 'A Generation 2 image has a GPT partition table',
  severity: 'error',
  appliesTo: 'hyperVGeneration V2',
  symptom: 'The VM does not boot: UEFI finds no GPT and no EFI System Partition ("No bootable device").',
  fix: 'Build the image with a GPT (an EFI System Partition plus the root partition), or register it as hyperVGeneration V1 if it is a BIOS (MBR) image. Converting in place: sgdisk --mbrtogpt disk.raw, then add an ESP and install the boot loader for UEFI.',
  needs: [],
  applies: (intent) => intent.hyperVGeneration === 'V2',
  check: ({ image }) => {
    const table = image.partitionTable;
    const findings: FindingDraft[] = [];
    if (table.scheme !== 'gpt') {
      const what = table.scheme === 'mbr' ? `an MBR partition table (disk signature ${table.diskId ?? 'unknown'})` : 'no partition table';
      findings.push({
        message: `The image definition says Generation 2 (UEFI), but the disk has ${what}; Azure Generation 2 VMs need a GPT disk.`,
        evidence: [{ detail: `partition table: ${table.scheme}` }],
      });
    } else if (table.gptHeader === 'backup') {
      findings.push({
        severity: 'warning',
        message: 'The primary GPT header or its partition array is damaged; the partitions were read from the backup header at the end of the disk. Firmware may repair it, refuse the disk, or use stale data.',
        evidence: table.notes.filter((n) => n.includes('GPT')).map((detail) => ({ detail })),
        fix: 'Repair the GPT from the backup before upload: sgdisk -v disk.raw, then write both headers again (gdisk: r, b, w; or sgdisk -e disk.raw).',
      });
    }
    return findings;
  },
};
