import { TAG, oidText, stringValue, type DerNode, type DerReader } from './der.js';

/** The attributes of an X.501 distinguished name that identify a signer, as text from the certificate. */
export interface DistinguishedName {
  /** commonName (2.5.4.3): "Microsoft Corporation UEFI CA 2011". */
  CN?: string;
  /** organizationName (2.5.4.10): "Microsoft Corporation". */
  O?: string;
  /** organizationalUnitName (2.5.4.11). */
  OU?: string;
  /** countryName (2.5.4.6). */
  C?: string;
}

const ATTRIBUTES: Record<string, keyof DistinguishedName> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
};

/** Reads a Name (SEQUENCE OF RelativeDistinguishedName SET OF AttributeTypeAndValue); other attributes are skipped. */
export function readName(der: DerReader, name: DerNode): DistinguishedName {
  if (name.tag !== TAG.SEQUENCE) der.fail(name.start, `X.509 Name: expected a SEQUENCE, found tag 0x${name.tag.toString(16)}`);
  const out: DistinguishedName = {};
  for (const rdn of der.children(name)) {
    if (rdn.tag !== TAG.SET) der.fail(rdn.start, 'X.509 Name: expected a SET (RelativeDistinguishedName)');
    for (const atv of der.children(rdn)) {
      const [type, value] = der.children(atv);
      if (!type || !value || type.tag !== TAG.OID) der.fail(atv.start, 'X.509 Name: expected AttributeTypeAndValue { OID, value }');
      const key = ATTRIBUTES[oidText(der.content(type))];
      const text = stringValue(value.tag, der.content(value));
      if (key && text !== undefined && out[key] === undefined) out[key] = text;
    }
  }
  return out;
}

/** "CN=Microsoft Corporation UEFI CA 2011, O=Microsoft Corporation" (the attributes we read, most specific first). */
export function nameText(name: DistinguishedName): string {
  return (['CN', 'OU', 'O', 'C'] as const)
    .filter((k) => name[k] !== undefined)
    .map((k) => `${k}=${name[k]}`)
    .join(', ');
}
