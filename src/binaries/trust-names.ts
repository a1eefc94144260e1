import type { DistinguishedName } from './x509-name.js';

/**
 * Certificate authorities whose names Azure's Trusted Launch UEFI db holds for third-party
 * (non-Windows) boot loaders: shim for Linux is signed by "Microsoft Windows UEFI Driver
 * Publisher", issued by the 2011 CA; shims signed since 2023 chain to its successor.
 * Matching is by name only: this identifies the signer, it does not verify the signature.
 */
export const MICROSOFT_UEFI_CAS = ['Microsoft Corporation UEFI CA 2011', 'Microsoft UEFI CA 2023'] as const;

/** Whether any name in a signer's issuer chain is a Microsoft UEFI CA. */
export function namesMicrosoftUefiCa(chain: readonly DistinguishedName[]): boolean {
  return chain.some((n) => n.CN !== undefined && (MICROSOFT_UEFI_CAS as readonly string[]).includes(n.CN));
}
