import { analyseBootLayout, type BootPath } from '../volumes/boot-layout.js';
import type { Rule } from './types.js';

/**
 * Reports which Hyper-V generations the partition layout can boot, so the declared generation can
 * be compared: hybrid layouts (BIOS boot partition and ESP, as several distributions' cloud
 * images ship) boot as either.
 */
export const BOOT_HYBRID: Rule = {
  id: 'BOOT-HYBRID',
  title: 'Which Hyper-V generations the layout can boot',
  severity: 'info',
  appliesTo: 'every image (reported when the layout boots both generations, or when no generation is declared)',
  symptom: 'None by itself: an image that boots both ways deploys as whichever generation the image definition declares.',
  fix: 'Nothing to fix. Declare the generation you test with; a hybrid image can be registered twice (one V1 and one V2 image definition).',
  needs: [],
  applies: () => true,
  check: ({ image, intent }) => {
    const { bios, uefi } = analyseBootLayout(image.partitionTable, image.filesystems);
    const v1 = bios.verdict === 'yes';
    const v2 = uefi.verdict === 'yes';
    if (!(v1 && v2) && intent.hyperVGeneration !== undefined) return [];
    const can = v1 && v2 ? 'both V1 (BIOS) and V2 (UEFI)' : v1 ? 'only V1 (BIOS)' : v2 ? 'only V2 (UEFI)' : 'neither generation';
    const declared = intent.hyperVGeneration ? `the image definition declares ${intent.hyperVGeneration}` : 'no generation was declared';
    return [
      {
        message: `The partition layout can boot ${can}; ${declared}.`,
        evidence: [describe('V1 / BIOS', bios), describe('V2 / UEFI', uefi)],
      },
    ];
  },
};

function describe(generation: string, path: BootPath): { detail: string } {
  const verdict = path.verdict === 'yes' ? 'bootable' : path.verdict === 'incomplete' ? 'incomplete' : 'not bootable';
  return { detail: `${generation}: ${verdict} (${path.reason})` };
}
