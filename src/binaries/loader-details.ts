import type { ByteSource } from '../io/byte-source.js';
import { readSection, type PeHeader } from './pe.js';
import { readCertificateNames } from './pkcs7.js';
import { u32 } from './fields.js';
import type { DistinguishedName } from './x509-name.js';

/**
 * What an EFI loader says about itself, for following the Secure Boot chain by name:
 * its SBAT components (the .sbat section, a CSV whose first field is the component:
 * "shim", "grub", "grub.debian"), and for shim the second stage it loads and the vendor
 * certificate it trusts that stage with. Read from the sections, never executed.
 */
export interface LoaderDetails {
  /** Component names from .sbat, "sbat" itself left out; [] without a .sbat section. */
  sbat: string[];
  /**
   * shim's built-in default second stage (DEFAULT_LOADER, "\\grubx64.efi" in shim's source), found
   * as a UTF-16 string in its .data section; undefined for other loaders or when not found.
   */
  secondStage?: string;
  /** Subject of the certificate shim trusts in addition to the UEFI db (its .vendor_cert section), when it holds one X.509 certificate. */
  vendorCertificate?: DistinguishedName;
}

/** UTF-16LE "\\" + name + ".efi", NUL-terminated: how shim's DEFAULT_LOADER is stored. */
const DEFAULT_LOADER = /\\\\([A-Za-z0-9_.-]{1,64}\.efi)\0/i;

export async function readLoaderDetails(source: ByteSource, pe: PeHeader): Promise<LoaderDetails> {
  const sbat = sbatComponents(await readSection(source, pe, '.sbat'));
  const details: LoaderDetails = { sbat };
  if (!sbat.includes('shim')) return details;
  const data = await readSection(source, pe, '.data');
  const second = data && DEFAULT_LOADER.exec(utf16(data));
  if (second) details.secondStage = second[1];
  const vendor = await readSection(source, pe, '.vendor_cert');
  if (vendor) details.vendorCertificate = vendorCertificate(vendor, source.name, pe.sections.find((s) => s.name === '.vendor_cert')!.rawOffset);
  return details;
}

function sbatComponents(section: Uint8Array | undefined): string[] {
  if (!section) return [];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(section.subarray(0, Math.max(0, section.indexOf(0)) || section.length));
  return [
    ...new Set(
      text
        .split('\n')
        .map((line) => line.split(',')[0]!.trim())
        .filter((c) => c && c !== 'sbat' && /^[A-Za-z0-9_.-]+$/.test(c)),
    ),
  ];
}

/** The section as UTF-16LE code units, so the DEFAULT_LOADER pattern can be matched as text. */
function utf16(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le', { fatal: false }).decode(bytes.subarray(0, bytes.length & ~1));
}

/**
 * shim's cert_table { u32 vendor_authorized_size, vendor_deauthorized_size,
 * vendor_authorized_offset, vendor_deauthorized_offset } (offsets within the section), the
 * authorized part being one DER certificate (VENDOR_CERT_FILE builds) or an EFI signature list
 * (VENDOR_DB_FILE builds, not read here).
 */
function vendorCertificate(section: Uint8Array, name: string, base: number): DistinguishedName | undefined {
  if (section.length < 16) return undefined;
  const size = u32(section, 0);
  const offset = u32(section, 8);
  if (size === 0 || offset + size > section.length || section[offset] !== 0x30) return undefined;
  return readCertificateNames(section.subarray(offset, offset + size), base + offset, name).subject;
}
