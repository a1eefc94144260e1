import { analyseBootLayout, espPartitions } from '../volumes/boot-layout.js';
import type { Rule } from './types.js';

/** Generation 2 boots from a FAT EFI System Partition. */
export const BOOT_GEN2_ESP: Rule = {
  id: 'BOOT-GEN2-ESP',
  title: 'A Generation 2 image has a FAT EFI System Partition',
  severity: 'error',
  appliesTo: 'hyperVGeneration V2',
  symptom: 'The VM does not boot: UEFI finds no EFI System Partition to load a boot loader from ("No bootable device").',
  fix: 'Create an EFI System Partition (GPT type EF00, FAT32, 100-512 MiB, mounted at /boot/efi), format it with mkfs.vfat -F 32, and install the boot loader to it with the removable-media path (grub-install --target=x86_64-efi --removable, or the distribution shim in \\EFI\\BOOT\\BOOTX64.EFI).',
  needs: [],
  applies: (intent) => intent.hyperVGeneration === 'V2',
  check: ({ image }) => {
    const table = image.partitionTable;
    if (table.scheme === 'none') return []; // BOOT-GEN2-GPT reports the missing table
    const { uefi } = analyseBootLayout(table, image.filesystems);
    if (uefi.verdict === 'yes') return [];
    const esps = espPartitions(table);
    if (esps.length === 0) {
      return [
        {
          message: 'The image definition says Generation 2 (UEFI), but the disk has no EFI System Partition (GPT type C12A7328-F81F-11D2-BA4B-00A0C93EC93B, or MBR type 0xEF).',
          evidence: [{ detail: `partitions: ${table.partitions.map((p) => `${p.number} ${p.typeName}`).join(', ') || 'none'}` }],
        },
      ];
    }
    if (table.scheme !== 'gpt') return []; // an ESP on MBR: BOOT-GEN2-GPT already fails the table itself
    return [
      {
        message: `The EFI System Partition holds no FAT filesystem: ${uefi.reason}. UEFI firmware reads only FAT.`,
        evidence: uefi.evidence.map((detail) => ({ detail })),
      },
    ];
  },
};
