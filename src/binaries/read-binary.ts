import type { ByteSource } from '../io/byte-source.js';
import { readCertificateTable } from './authenticode.js';
import { isElf, readElfHeader } from './elf.js';
import { identifyGzipKernel, identifyKernelHeader, isGzip, KERNEL_HEAD_BYTES, type KernelImageHeader } from './kernel-image.js';
import { readLoaderDetails, type LoaderDetails } from './loader-details.js';
import type { Machine } from './machine.js';
import { isMz, readPeHeader } from './pe.js';
import { namesMicrosoftUefiCa } from './trust-names.js';
import type { DistinguishedName } from './x509-name.js';

/** One signer of an Authenticode signature, by name. */
export interface SignerNames {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Issuer names from the signer upwards, as far as the signature's own certificates go. */
  chain: DistinguishedName[];
}

/**
 * Whether a PE carries an Authenticode signature and whose. Identification, not verification:
 * a signature that firmware would reject (wrong hash, revoked, expired) looks the same here.
 */
export interface SignatureFacts {
  /** A WIN_CERT_TYPE_PKCS_SIGNED_DATA entry is attached. */
  signed: boolean;
  /** WIN_CERTIFICATE entries in the certificate table (shim sometimes carries more than one). */
  entries: number;
  signers: SignerNames[];
  /** Some signer's issuer chain names a Microsoft UEFI CA (src/binaries/trust-names.ts), by name. */
  microsoftUefiCa: boolean;
}

/** What a binary's headers say. */
export interface BinaryInfo {
  /** 'ELF', 'PE' (EFI loaders, EFI-stub kernels), or a kernel image that is not a PE; 'unknown' otherwise. */
  format: 'ELF' | 'PE' | 'kernel' | 'unknown';
  /** The CPU it runs on, when the headers say. */
  machine?: Machine;
  /** ELF: class and e_machine as stored. */
  elf?: { bits: 32 | 64; endianness: 'little' | 'big'; e_machine: number };
  /** PE: COFF Machine as stored, and whether the subsystem is EFI application. */
  pe?: { coffMachine: number; subsystem: number; efiApplication: boolean };
  /** A Linux kernel image header (also set for an EFI-stub kernel, which is a PE too). */
  kernel?: KernelImageHeader;
  /** PE only: the Authenticode signature. */
  signature?: SignatureFacts;
  /** PE only: SBAT components, and what shim says it loads. */
  loader?: LoaderDetails;
}

/**
 * Reads a binary's headers through its byte source: ELF, PE (with its Authenticode
 * certificate table and loader sections), or a Linux kernel image. Reads only headers,
 * the certificate table and a few small sections, each bounded (src/limits.ts); a header
 * that contradicts the file is a BinaryError with the offset.
 */
export async function readBinary(source: ByteSource): Promise<BinaryInfo> {
  const head = await source.read(0, Math.min(source.size, KERNEL_HEAD_BYTES));
  if (isElf(head)) {
    const elf = await readElfHeader(source);
    return { format: 'ELF', machine: elf.machine, elf: { bits: elf.bits, endianness: elf.endianness, e_machine: elf.e_machine } };
  }
  const kernel = identifyKernelHeader(head);
  if (isMz(head)) {
    const pe = await readPeHeader(source);
    const certificates = await readCertificateTable(source, pe);
    const signers: SignerNames[] = certificates.flatMap((c) => c.signedData?.signers ?? []).map(({ subject, issuer, chain }) => ({ subject, issuer, chain }));
    return {
      format: 'PE',
      machine: pe.machine,
      pe: { coffMachine: pe.coffMachine, subsystem: pe.subsystem, efiApplication: pe.efiApplication },
      ...(kernel ? { kernel } : {}),
      signature: {
        signed: certificates.some((c) => c.signedData !== undefined),
        entries: certificates.length,
        signers,
        microsoftUefiCa: signers.some((s) => namesMicrosoftUefiCa(s.chain)),
      },
      loader: await readLoaderDetails(source, pe),
    };
  }
  if (kernel) return { format: 'kernel', machine: kernel.machine, kernel };
  if (isGzip(head)) {
    const gz = await identifyGzipKernel(source);
    return { format: 'kernel', machine: gz.machine, kernel: gz };
  }
  return { format: 'unknown' };
}
