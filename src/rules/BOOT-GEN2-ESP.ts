import { describeRecord } from '../error-record.js';
import type { EspLoaders } from '../fs/fat/esp-loaders.js';
import type { Architecture } from '../intent/types.js';
import { analyseBootLayout, espPartitions } from '../volumes/boot-layout.js';
import type { FindingDraft, Rule } from './types.js';

/** The removable-media fallback loader UEFI firmware starts when NVRAM has no boot entry, per architecture. */
export const FALLBACK_LOADERS: Record<Architecture, string> = {
  x64: 'EFI/BOOT/BOOTX64.EFI',
  Arm64: 'EFI/BOOT/BOOTAA64.EFI',
};

/** Fallback loaders acceptable for an architecture; an unknown one accepts either. */
function acceptedLoaders(architecture: Architecture | undefined): string[] {
  return architecture ? [FALLBACK_LOADERS[architecture]] : Object.values(FALLBACK_LOADERS);
}

/** "\EFI\BOOT\BOOTX64.EFI" as firmware documentation spells it. */
function backslashed(path: string): string {
  return `\\${path.replace(/\//g, '\\')}`;
}

/** The ESP's FAT was read: is the fallback loader for the architecture there (any case, as FAT compares names)? */
function checkLoaders(esp: EspLoaders, architecture: Architecture | undefined): FindingDraft[] {
  const where = `partition ${esp.partition} (EFI System Partition)`;
  if (esp.error) {
    return [
      {
        severity: 'warning',
        message: `The FAT filesystem of the EFI System Partition could not be read, so the fallback boot loader was not checked: ${describeRecord(esp.error)}`,
        evidence: [{ detail: where }],
      },
    ];
  }
  const accepted = acceptedLoaders(architecture);
  const present = new Set(esp.loaders.map((l) => l.toUpperCase()));
  if (accepted.some((l) => present.has(l.toUpperCase()))) return [];
  const wanted = accepted.map(backslashed).join(' or ');
  const arch = architecture ? ` (${architecture})` : '';
  return [
    {
      message:
        `The EFI System Partition has no removable-media fallback boot loader ${wanted}${arch}. ` +
        `A Generation 2 VM created from this image starts with empty UEFI boot entries, so the firmware loads only that file. ` +
        `Loaders found: ${esp.loaders.length ? esp.loaders.join(', ') : 'none'}.`,
      evidence: [{ detail: `${where} loaders: ${esp.loaders.length ? esp.loaders.join(', ') : 'no *.EFI file under \\EFI\\'}` }],
    },
  ];
}

/** Generation 2 boots from a FAT EFI System Partition, through its fallback loader. */
export const BOOT_GEN2_ESP: Rule = {
  id: 'BOOT-GEN2-ESP',
  title: 'A Generation 2 image has a FAT EFI System Partition with the fallback boot loader',
  severity: 'error',
  appliesTo: 'hyperVGeneration V2',
  symptom: 'The VM does not boot: UEFI finds no EFI System Partition or no boot loader to start ("No bootable device").',
  fix:
    'Create an EFI System Partition (GPT type EF00, FAT32, 100-512 MiB, mounted at /boot/efi) if there is none, and install the boot loader to it with the removable-media path: ' +
    'grub-install --target=x86_64-efi --removable (arm64-efi on Arm64), or copy the distribution shim to the fallback name, e.g. ' +
    'cp /boot/efi/EFI/ubuntu/shimx64.efi /boot/efi/EFI/BOOT/BOOTX64.EFI and cp /boot/efi/EFI/ubuntu/grubx64.efi /boot/efi/EFI/BOOT/ (shimaa64.efi → BOOTAA64.EFI on Arm64).',
  needs: [],
  applies: (intent) => intent.hyperVGeneration === 'V2',
  check: ({ image, intent }) => {
    const table = image.partitionTable;
    if (table.scheme === 'none') return []; // BOOT-GEN2-GPT reports the missing table
    const { uefi } = analyseBootLayout(table, image.filesystems);
    if (uefi.verdict === 'yes') return image.esp ? checkLoaders(image.esp, intent.architecture) : [];
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
