import type { BinaryFact } from '../facts/binaries.js';
import { binaryEvidence } from './binaries/describe.js';
import type { FindingDraft, Rule } from './types.js';

/** The guest's userland and kernel are built for the architecture the image definition declares. */
export const ARCH_MATCH: Rule = {
  id: 'ARCH-MATCH',
  title: "The guest's userland and kernel match the image definition's architecture",
  severity: 'error',
  appliesTo: 'architecture declared (x64 or Arm64)',
  symptom: 'The VM does not boot: the firmware cannot start a loader or kernel built for another CPU, or the kernel cannot run /sbin/init ("Kernel panic - not syncing: No working init found").',
  fix:
    'Register the image with the architecture it was built for (az sig image-definition create --architecture x64|Arm64: a new definition, the field cannot be changed), or rebuild the image for the declared architecture (debootstrap --arch arm64, a cloud image of the right architecture).',
  needs: ['binaries'],
  needsIntent: ['architecture'],
  applies: (intent) => intent.architecture !== undefined,
  check: ({ facts, intent }) => {
    const binaries = facts!.binaries!;
    const declared = intent.architecture!;
    const findings: FindingDraft[] = [];
    const parts: [string, BinaryFact | undefined][] = [
      ['/sbin/init', binaries.init],
      ['/bin/sh', binaries.shell],
      ['the default kernel image', binaries.kernel],
    ];
    for (const [what, fact] of parts) {
      const machine = fact?.info?.machine;
      if (!fact || !machine || machine === declared) continue;
      findings.push({
        message: `${what} is built for ${machine}, but the image definition declares ${declared}.`,
        evidence: [binaryEvidence(fact)],
      });
    }
    const unreadable = parts.filter(([, f]) => f?.error);
    if (unreadable.length > 0 && findings.length === 0) {
      findings.push({
        severity: 'warning',
        message: `The architecture of ${unreadable.map(([w]) => w).join(', ')} could not be read, so it was not compared with ${declared}.`,
        evidence: unreadable.map(([, f]) => binaryEvidence(f!)),
      });
    }
    return findings;
  },
};
