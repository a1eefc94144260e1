import { nameText } from '../binaries/x509-name.js';
import type { BinaryFact, EspLoader } from '../facts/binaries.js';
import type { Intent } from '../intent/types.js';
import { binaryEvidence, describeSignature } from './binaries/describe.js';
import { FALLBACK_LOADERS } from './BOOT-GEN2-ESP.js';
import type { FindingDraft, Rule } from './types.js';

/** Security types whose VMs boot with Secure Boot (RULES.md section 0: TL-capable, plus ConfidentialVM). */
export const SECURE_BOOT_TYPES = ['TrustedLaunch', 'TrustedLaunchSupported', 'TrustedLaunchAndConfidentialVmSupported', 'ConfidentialVM'];

const REFUSED = 'Secure Boot refuses to start it: a Trusted Launch VM with Secure Boot on (the portal default) stops in the firmware and never boots.';

/** The symptom, saying when the definition still lets a VM be deployed with Secure Boot off. */
function symptom(intent: Intent): string {
  return intent.securityType === 'TrustedLaunchSupported'
    ? `${REFUSED} With TrustedLaunchSupported the image can still be deployed as a Standard VM, or as Trusted Launch with Secure Boot disabled (--enable-secure-boot false).`
    : REFUSED;
}

function backslashed(path: string): string {
  return `\\${path.replace(/\//g, '\\')}`;
}

/**
 * The ESP's fallback loader is a signed first stage (shim signed through the Microsoft UEFI CA,
 * by name), the stage it loads is present and signed, and the default kernel is signed.
 * Identification by name, not verification (src/binaries/authenticode.ts).
 */
export const TL_SECUREBOOT_CHAIN: Rule = {
  id: 'TL-SECUREBOOT-CHAIN',
  title: 'Trusted Launch: the Secure Boot chain (shim, GRUB, kernel) is signed',
  severity: 'error',
  appliesTo: 'securityType TrustedLaunch, TrustedLaunchSupported, TrustedLaunchAndConfidentialVmSupported or ConfidentialVM',
  symptom: REFUSED,
  fix:
    'Boot through the distribution\'s signed chain: install shim-signed and the signed GRUB (grub-efi-amd64-signed, grub2-efi-x64 + shim-x64) and put shim at the fallback path with GRUB beside it (cp shimx64.efi \\EFI\\BOOT\\BOOTX64.EFI; cp grubx64.efi \\EFI\\BOOT\\), and boot the distribution\'s signed kernel (linux-image-*, kernel-*). A custom kernel or GRUB must be signed with a key shim trusts, which on Azure means the distribution\'s (MOK enrolment needs a console at boot). Otherwise declare securityType Standard.',
  needs: ['binaries'],
  needsIntent: ['securityType'],
  applies: (intent) => intent.securityType !== undefined && SECURE_BOOT_TYPES.includes(intent.securityType),
  check: ({ image, facts, intent }) => {
    const findings: FindingDraft[] = [];
    const fail = (message: string, evidence: FindingDraft['evidence'], severity?: FindingDraft['severity']): void => {
      findings.push({ message, evidence, symptom: symptom(intent), ...(severity ? { severity } : {}) });
    };
    if (intent.hyperVGeneration === 'V1') {
      fail(`securityType ${intent.securityType} needs Hyper-V generation V2 (UEFI with Secure Boot and vTPM); the image definition declares V1.`, [
        { detail: `hyperVGeneration V1 (${intent.sources.hyperVGeneration ?? 'intent'})` },
      ]);
    }
    const binaries = facts!.binaries!;
    const esp = binaries.esp;
    if (!esp) {
      if (!image.esp) fail('No FAT EFI System Partition was read, so there is no Secure Boot chain to start (BOOT-GEN2-ESP says why).', [{ detail: 'no ESP' }]);
      else fail("The EFI loaders' headers and signatures were not read, so the Secure Boot chain was not judged.", [{ detail: `partition ${image.esp.partition} (EFI System Partition) loaders: ${image.esp.loaders.join(', ') || 'none'}` }], 'warning');
      return findings;
    }
    const wanted = intent.architecture ? [FALLBACK_LOADERS[intent.architecture]] : Object.values(FALLBACK_LOADERS);
    const first = esp.loaders.find((l) => wanted.some((w) => w.toUpperCase() === l.path.toUpperCase()));
    if (!first) {
      fail(`The EFI System Partition has no fallback loader ${wanted.map(backslashed).join(' or ')} to start with Secure Boot.`, [
        { detail: `partition ${esp.partition} (EFI System Partition) loaders: ${esp.loaders.map((l) => l.path).join(', ') || 'none'}` },
      ]);
    } else {
      checkFirstStage(first, esp.loaders, fail);
    }
    checkKernel(binaries.kernel, fail);
    return findings;
  },
};

type Fail = (message: string, evidence: FindingDraft['evidence'], severity?: FindingDraft['severity']) => void;

function loaderEvidence(loader: EspLoader): FindingDraft['evidence'][number] {
  const e = binaryEvidence(loader);
  return { ...e, detail: `${e.detail}; ${describeSignature(loader.info)}` };
}

function checkFirstStage(first: EspLoader, loaders: readonly EspLoader[], fail: Fail): void {
  const name = backslashed(first.path);
  if (first.error || !first.info) {
    fail(`The headers of ${name} could not be read, so its signature was not checked.`, [loaderEvidence(first)], 'warning');
    return;
  }
  const info = first.info;
  const kind = info.loader?.sbat.includes('shim') ? 'shim' : info.loader?.sbat.includes('grub') ? 'GRUB' : 'boot loader';
  if (!info.signature?.signed) {
    fail(`The fallback loader ${name} (${kind}) carries no Authenticode signature. ${REFUSED}`, [loaderEvidence(first)]);
    return;
  }
  if (!info.signature.microsoftUefiCa) {
    fail(
      `The fallback loader ${name} (${kind}) is signed, but not through the Microsoft UEFI CA (by name): ${describeSignature(info)}. ` +
        'Azure\'s UEFI db trusts Microsoft\'s certificate authorities, so firmware refuses a first stage signed by any other key.',
      [loaderEvidence(first)],
    );
    return;
  }
  const next = first.nextStage;
  if (!next) return; // not a shim: a Microsoft-signed first stage that loads no named second stage
  const dir = first.path.slice(0, first.path.lastIndexOf('/') + 1);
  if (!next.path) {
    fail(`${name} is shim, whose next stage is ${next.name}, but ${backslashed(dir + next.name)} is not on the EFI System Partition: shim stops with "Failed to open \\EFI\\BOOT\\${next.name}".`, [
      loaderEvidence(first),
    ]);
    return;
  }
  const second = loaders.find((l) => l.path === next.path)!;
  if (second.error || !second.info) {
    fail(`The headers of ${backslashed(second.path)}, which shim loads, could not be read, so its signature was not checked.`, [loaderEvidence(second)], 'warning');
    return;
  }
  if (!second.info.signature?.signed) {
    fail(`${backslashed(second.path)}, which shim loads next, carries no Authenticode signature: shim refuses it under Secure Boot ("Verification failed: (0x1A) Security Violation").`, [
      loaderEvidence(first),
      loaderEvidence(second),
    ]);
    return;
  }
  // shim trusts the UEFI db and its own vendor certificate: a signer issued by neither is suspect (by name).
  const vendor = first.info.loader?.vendorCertificate;
  const issuers = second.info.signature.signers.flatMap((s) => s.chain.map((n) => n.CN));
  if (vendor?.CN && !second.info.signature.microsoftUefiCa && !issuers.includes(vendor.CN)) {
    fail(
      `${backslashed(second.path)} is signed (${describeSignature(second.info)}), but not by a certificate issued by shim's vendor certificate ${nameText(vendor)} or a Microsoft UEFI CA (by name): shim will likely refuse it.`,
      [loaderEvidence(first), loaderEvidence(second)],
      'warning',
    );
  }
}

function checkKernel(kernel: BinaryFact | undefined, fail: Fail): void {
  if (!kernel) return; // no default boot entry known: nothing to judge (facts.boot lists why)
  if (kernel.error || !kernel.info) {
    const why = kernel.error ? 'could not be read' : 'was not found';
    fail(`The default kernel image ${kernel.path} ${why}, so its signature was not checked.`, [binaryEvidence(kernel)], 'warning');
    return;
  }
  if (!kernel.info.signature?.signed) {
    const what = kernel.info.format === 'PE' ? 'carries no Authenticode signature' : 'is not a PE image with an Authenticode signature (no EFI stub)';
    fail(`The default kernel image ${kernel.path} ${what}: with Secure Boot, shim and GRUB refuse to start it ("bad shim signature").`, [
      { ...binaryEvidence(kernel), detail: `${binaryEvidence(kernel).detail}; ${describeSignature(kernel.info)}` },
    ]);
  }
}
