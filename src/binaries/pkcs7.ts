import { DerReader, TAG, oidText, type DerNode } from './der.js';
import { readName, type DistinguishedName } from './x509-name.js';

/**
 * Names from a PKCS #7 SignedData (RFC 2315 / RFC 5652) as Authenticode embeds it: the
 * certificates it carries and which of them signed. Identification only: nothing here checks
 * a signature or a digest.
 */

/** signedData (1.2.840.113549.1.7.2). */
const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';
/** Longest issuer chain followed inside one SignedData. */
const MAX_CHAIN = 8;

/** A certificate's subject and issuer names. */
export interface CertificateNames {
  subject: DistinguishedName;
  issuer: DistinguishedName;
}

/** One signer of the SignedData. */
export interface Signer extends CertificateNames {
  /**
   * Issuer names from the signer's certificate upwards, as far as the SignedData's own
   * certificates go (matched by name): ["Microsoft Corporation UEFI CA 2011", "Microsoft
   * Corporation Third Party Marketplace Root"]. Always starts with the signer's own issuer.
   */
  chain: DistinguishedName[];
  /** Whether the signer's certificate itself is among the SignedData's certificates (else only its issuer is known). */
  certificateIncluded: boolean;
}

export interface SignedDataInfo {
  certificates: CertificateNames[];
  signers: Signer[];
}

interface ParsedCertificate extends CertificateNames {
  issuerRaw: Uint8Array;
  subjectRaw: Uint8Array;
  serialRaw: Uint8Array;
}

/** Parses a ContentInfo holding SignedData; a malformed structure is a BinaryError at its file offset. */
export function readSignedData(bytes: Uint8Array, base: number, name: string): SignedDataInfo {
  const der = new DerReader(bytes, base, name);
  const contentInfo = der.expect(0, TAG.SEQUENCE, 'PKCS #7 ContentInfo');
  const [contentType, explicit] = der.children(contentInfo);
  if (!contentType || contentType.tag !== TAG.OID) der.fail(contentInfo.contentStart, 'PKCS #7 ContentInfo: expected the contentType OID');
  const type = oidText(der.content(contentType));
  if (type !== SIGNED_DATA_OID) der.fail(contentType.start, `PKCS #7 contentType ${type} is not signedData (${SIGNED_DATA_OID})`);
  if (!explicit || explicit.tag !== TAG.CONTEXT_0) der.fail(contentType.end, 'PKCS #7 ContentInfo: expected [0] content');
  const signedData = der.expect(explicit.contentStart, TAG.SEQUENCE, 'SignedData', explicit.end);
  const parts = der.children(signedData);
  const certificateSet = parts.find((p) => p.tag === TAG.CONTEXT_0);
  const signerInfos = parts[parts.length - 1];
  if (!signerInfos || signerInfos.tag !== TAG.SET) der.fail(signedData.start, 'SignedData: expected signerInfos (a SET) as its last element');
  const certificates = certificateSet ? der.children(certificateSet).filter((c) => c.tag === TAG.SEQUENCE).map((c) => readCertificate(der, c)) : [];
  const signers = der.children(signerInfos).map((info) => readSigner(der, info, certificates));
  return { certificates: certificates.map(({ subject, issuer }) => ({ subject, issuer })), signers };
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }: the TBS's serial, issuer and subject. */
function readCertificate(der: DerReader, certificate: DerNode): ParsedCertificate {
  const tbs = der.children(certificate)[0];
  if (!tbs || tbs.tag !== TAG.SEQUENCE) der.fail(certificate.start, 'Certificate: expected tbsCertificate (a SEQUENCE)');
  const fields = der.children(tbs);
  // version is [0] EXPLICIT and optional (absent for v1 certificates).
  const rest = fields[0]?.tag === TAG.CONTEXT_0 ? fields.slice(1) : fields;
  const [serial, , issuer, , subject] = rest;
  if (!serial || serial.tag !== TAG.INTEGER || !issuer || !subject) der.fail(tbs.start, 'TBSCertificate: expected serialNumber, signature, issuer, validity, subject');
  return {
    issuer: readName(der, issuer),
    subject: readName(der, subject),
    issuerRaw: der.raw(issuer),
    subjectRaw: der.raw(subject),
    serialRaw: der.raw(serial),
  };
}

/** SignerInfo ::= SEQUENCE { version, issuerAndSerialNumber, ... }: matched to its certificate by issuer and serial. */
function readSigner(der: DerReader, info: DerNode, certificates: ParsedCertificate[]): Signer {
  const [version, sid] = der.children(info);
  if (!version || version.tag !== TAG.INTEGER || !sid) der.fail(info.start, 'SignerInfo: expected version and issuerAndSerialNumber');
  if (sid.tag !== TAG.SEQUENCE) der.fail(sid.start, 'SignerInfo: only issuerAndSerialNumber identifies signers in Authenticode (found a subjectKeyIdentifier)');
  const [issuer, serial] = der.children(sid);
  if (!issuer || !serial || serial.tag !== TAG.INTEGER) der.fail(sid.start, 'issuerAndSerialNumber: expected issuer Name and serialNumber INTEGER');
  const issuerRaw = der.raw(issuer);
  const serialRaw = der.raw(serial);
  const own = certificates.find((c) => sameBytes(c.issuerRaw, issuerRaw) && sameBytes(c.serialRaw, serialRaw));
  const issuerName = readName(der, issuer);
  const chain: DistinguishedName[] = [issuerName];
  // Follow issuers upwards through the certificates that came with the signature, by name.
  let current = certificates.find((c) => sameBytes(c.subjectRaw, issuerRaw) && c !== own);
  const seen = new Set<ParsedCertificate>();
  while (current && !seen.has(current) && chain.length < MAX_CHAIN && !sameBytes(current.issuerRaw, current.subjectRaw)) {
    seen.add(current);
    chain.push(current.issuer);
    const issuerOf: ParsedCertificate = current;
    current = certificates.find((c) => sameBytes(c.subjectRaw, issuerOf.issuerRaw) && !seen.has(c));
  }
  return { subject: own?.subject ?? {}, issuer: issuerName, chain, certificateIncluded: own !== undefined };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Subject and issuer of one DER certificate (shim's vendor certificate). */
export function readCertificateNames(bytes: Uint8Array, base: number, name: string): CertificateNames {
  const der = new DerReader(bytes, base, name);
  const { subject, issuer } = readCertificate(der, der.expect(0, TAG.SEQUENCE, 'Certificate'));
  return { subject, issuer };
}
