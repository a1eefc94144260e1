import type { Architecture } from '../intent/types.js';
import { binaryEvidence } from './binaries/describe.js';
import { FALLBACK_LOADERS } from './BOOT-GEN2-ESP.js';
import type { FindingDraft, Rule } from './types.js';

const other = (a: Architecture): Architecture => (a === 'x64' ? 'Arm64' : 'x64');

/**
 * Arm64 VMs are UEFI-only (Generation 2), and the ESP's fallback loader must be built for the
 * declared architecture: by name (BOOTX64.EFI / BOOTAA64.EFI) and by its PE Machine.
 */
export const BOOT_ARCH_GEN: Rule = {
  id: 'BOOT-ARCH-GEN',
  title: 'The boot generation and the ESP fallback loader fit the architecture',
  severity: 'error',
  appliesTo: 'architecture declared (x64 or Arm64)',
  symptom: 'The VM does not boot: Azure has no Generation 1 (BIOS) Arm64 VMs, and UEFI firmware starts only the fallback loader named for its own CPU (BOOTAA64.EFI on Arm64, BOOTX64.EFI on x64).',
  fix:
    'Declare Arm64 images as Generation 2 (--hyper-v-generation V2). Install the boot loader for the image\'s architecture with the removable-media path: grub-install --target=arm64-efi --removable (x86_64-efi on x64), or copy shimaa64.efi to \\EFI\\BOOT\\BOOTAA64.EFI (shimx64.efi to BOOTX64.EFI) with the matching grub beside it.',
  needs: [],
  needsIntent: ['architecture'],
  applies: (intent) => intent.architecture !== undefined,
  check: ({ image, facts, intent }) => {
    const arch = intent.architecture!;
    const findings: FindingDraft[] = [];
    if (arch === 'Arm64' && intent.hyperVGeneration === 'V1') {
      findings.push({
        message: 'The image definition declares Arm64 with Hyper-V generation V1; Arm64 VMs on Azure are Generation 2 (UEFI) only.',
        evidence: [{ detail: `architecture Arm64 (${intent.sources.architecture ?? 'intent'}), hyperVGeneration V1 (${intent.sources.hyperVGeneration ?? 'intent'})` }],
      });
    }
    const esp = image.esp;
    if (!esp || esp.error) return findings;
    const names = new Set(esp.loaders.map((l) => l.toUpperCase()));
    const wanted = FALLBACK_LOADERS[arch];
    const foreign = FALLBACK_LOADERS[other(arch)];
    if (!names.has(wanted.toUpperCase()) && names.has(foreign.toUpperCase())) {
      findings.push({
        message: `The EFI System Partition has only the ${other(arch)} fallback loader \\${foreign.replace(/\//g, '\\')}, not \\${wanted.replace(/\//g, '\\')} for the declared ${arch}.`,
        evidence: [{ detail: `partition ${esp.partition} (EFI System Partition) loaders: ${esp.loaders.join(', ')}` }],
      });
    }
    // The fallback loader is named for the right CPU but built for another one.
    const fallback = facts?.binaries?.esp?.loaders.find((l) => l.path.toUpperCase() === wanted.toUpperCase());
    const machine = fallback?.info?.machine;
    if (fallback && machine && machine !== arch) {
      findings.push({
        message: `\\${wanted.replace(/\//g, '\\')} is a ${machine} program (PE Machine), not ${arch}: the firmware will not start it.`,
        evidence: [binaryEvidence(fallback)],
      });
    }
    return findings;
  },
};
