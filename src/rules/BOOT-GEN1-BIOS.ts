import { analyseBootLayout } from '../volumes/boot-layout.js';
import type { Rule } from './types.js';

/** Generation 1 VMs boot with BIOS: MBR boot code, and on GPT a BIOS boot partition (or a hybrid MBR). */
export const BOOT_GEN1_BIOS: Rule = {
  id: 'BOOT-GEN1-BIOS',
  title: 'A Generation 1 image is BIOS-bootable',
  severity: 'error',
  appliesTo: 'hyperVGeneration V1',
  symptom: 'The VM does not boot: BIOS finds no boot code in the MBR, or no place on a GPT disk to load the rest of the boot loader from.',
  fix: 'Install the boot loader for BIOS: on MBR, grub-install --target=i386-pc /dev/sdX; on GPT, add a 1 MiB BIOS boot partition (sgdisk -n 0:0:+1M -t 0:ef02) and then run grub-install --target=i386-pc. Or register the image as hyperVGeneration V2 if it is a UEFI-only image.',
  needs: [],
  applies: (intent) => intent.hyperVGeneration === 'V1',
  check: ({ image }) => {
    const { bios } = analyseBootLayout(image.partitionTable, image.filesystems);
    if (bios.verdict === 'yes') return [];
    return [
      {
        severity: bios.verdict === 'incomplete' ? 'warning' : 'error',
        message: `The image definition says Generation 1 (BIOS), but the disk is not BIOS-bootable: ${bios.reason}.`,
        evidence: [{ detail: `partition table: ${image.partitionTable.scheme}` }, ...bios.evidence.map((detail) => ({ detail }))],
      },
    ];
  },
};
