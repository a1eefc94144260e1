import { BinaryError, hex } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { enforceBudget } from '../limits.js';
import { u16, u32 } from './fields.js';
import type { PeHeader } from './pe.js';
import { readSignedData, type SignedDataInfo } from './pkcs7.js';

/**
 * The Authenticode certificate table of a PE image (PE Format, "The Attribute Certificate
 * Table"): a list of 8-byte-aligned WIN_CERTIFICATE entries, each { dwLength u32, wRevision
 * u16, wCertificateType u16, bCertificate[] }. A type-2 entry holds a PKCS #7 SignedData.
 *
 * This is identification, not verification: it tells whether a signature is attached and
 * whose names its certificates carry. It does not check the signature, the image hash, the
 * certificates' validity or revocation (dbx, SBAT); UEFI firmware and shim do that at boot.
 */

/** WIN_CERT_TYPE_PKCS_SIGNED_DATA. */
const PKCS_SIGNED_DATA = 0x0002;
const WIN_CERTIFICATE_HEADER = 8;

/** One WIN_CERTIFICATE entry. */
export interface WinCertificate {
  /** File offset of the entry. */
  offset: number;
  dwLength: number;
  /** 0x0200 WIN_CERT_REVISION_2_0 (0x0100 is the legacy revision). */
  wRevision: number;
  /** 2 PKCS_SIGNED_DATA, 1 X509, 0x0EF1 EFI_GUID (UEFI's own signature types). */
  wCertificateType: number;
  /** The SignedData's certificates and signers, for a PKCS_SIGNED_DATA entry. */
  signedData?: SignedDataInfo;
}

/**
 * Reads every WIN_CERTIFICATE entry of the table and, for PKCS_SIGNED_DATA entries, the names
 * in their SignedData. The table is read whole (bounded by authenticodeBytes); an entry whose
 * length runs past the table, or is shorter than its header, is a BinaryError.
 */
export async function readCertificateTable(source: ByteSource, pe: PeHeader): Promise<WinCertificate[]> {
  const table = pe.certificateTable;
  if (!table || table.size === 0) return [];
  enforceBudget('binary', 'authenticodeBytes', table.size, (limit) => `${source.name}: a certificate table of ${table.size} bytes exceeds the authenticodeBytes budget of ${limit}`, {
    offset: table.offset,
  });
  const bytes = await source.read(table.offset, table.size);
  const entries: WinCertificate[] = [];
  for (let at = 0; at < bytes.length; ) {
    const offset = table.offset + at;
    if (at + WIN_CERTIFICATE_HEADER > bytes.length) {
      // Trailing alignment padding shorter than a header: zeros are tolerated, anything else is not.
      if (bytes.subarray(at).every((b) => b === 0)) break;
      throw new BinaryError('corrupt', `${source.name}: ${bytes.length - at} bytes at ${hex(offset)} are too short for a WIN_CERTIFICATE header`, { offset });
    }
    const dwLength = u32(bytes, at);
    const wRevision = u16(bytes, at + 4);
    const wCertificateType = u16(bytes, at + 6);
    if (dwLength === 0 && bytes.subarray(at).every((b) => b === 0)) break;
    if (dwLength < WIN_CERTIFICATE_HEADER || at + dwLength > bytes.length) {
      throw new BinaryError('corrupt', `${source.name}: WIN_CERTIFICATE at ${hex(offset)} has dwLength ${dwLength}, outside ${WIN_CERTIFICATE_HEADER}..${bytes.length - at} (the rest of the table)`, {
        offset,
      });
    }
    const entry: WinCertificate = { offset, dwLength, wRevision, wCertificateType };
    if (wCertificateType === PKCS_SIGNED_DATA) {
      entry.signedData = readSignedData(bytes.subarray(at + WIN_CERTIFICATE_HEADER, at + dwLength), offset + WIN_CERTIFICATE_HEADER, source.name);
    }
    entries.push(entry);
    at += Math.ceil(dwLength / 8) * 8;
  }
  return entries;
}
