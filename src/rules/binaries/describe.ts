import type { BinaryInfo } from '../../binaries/read-binary.js';
import { nameText } from '../../binaries/x509-name.js';
import { describeRecord } from '../../error-record.js';
import type { BinaryFact } from '../../facts/binaries.js';
import type { Evidence } from '../types.js';

/** "ELF 64-bit e_machine 183 (Arm64)", "PE Machine 0x8664 (x64), bzImage" for evidence. */
export function describeHeaders(info: BinaryInfo): string {
  if (info.format === 'ELF' && info.elf) return `ELF ${info.elf.bits}-bit e_machine ${info.elf.e_machine} (${info.machine})`;
  const parts: string[] = [];
  if (info.pe) parts.push(`PE Machine 0x${info.pe.coffMachine.toString(16)} (${info.machine})`);
  if (info.kernel) parts.push(`${info.kernel.format}${info.kernel.machine ? ` (${info.kernel.machine})` : ''}`);
  return parts.join(', ') || 'no ELF, PE or kernel header';
}

/** Evidence line for a binary: its path (and where a symlink led) and what its headers say. */
export function binaryEvidence(fact: BinaryFact): Evidence {
  const via = fact.resolved && fact.resolved !== fact.path ? ` -> ${fact.resolved}` : '';
  const detail = fact.error ? `headers not readable: ${describeRecord(fact.error)}` : fact.info ? describeHeaders(fact.info) : 'not found';
  return { path: fact.path, detail: `${via ? `${fact.path}${via}: ` : ''}${detail}` };
}

/** "signed by CN=Microsoft Windows UEFI Driver Publisher, ... issued by CN=Microsoft Corporation UEFI CA 2011, ...", or "not signed". */
export function describeSignature(info: BinaryInfo | undefined): string {
  const signature = info?.signature;
  if (!signature?.signed) return 'no Authenticode signature';
  return signature.signers.map((s) => `signed by ${nameText(s.subject) || '(signer certificate not included)'} issued by ${nameText(s.issuer)}`).join('; ');
}
