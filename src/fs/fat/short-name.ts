/**
 * 8.3 short names (DIR_Name, 11 bytes: 8 of base, 3 of extension, space-padded) as Linux's
 * vfat driver shows them with its defaults (codepage 437, shortname=mixed).
 */

/** Code page 437, bytes 0x80..0xFF (the OEM code page mkfs.vfat and Linux default to). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** DIR_NTRes bits (Windows NT): the base (0x08) or extension (0x10) is shown in lower case. */
export const NTRES_LOWER_BASE = 0x08;
/** See NTRES_LOWER_BASE. */
export const NTRES_LOWER_EXT = 0x10;

function decodeOem(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
  return text.replace(/ +$/, '');
}

/**
 * The displayed form of an 11-byte DIR_Name: "BOOTX64.EFI", or "bootx64.efi" when DIR_NTRes
 * asks for lower case. A leading 0x05 stands for 0xE5 (0xE5 itself marks a deleted entry).
 */
export function shortNameString(name: Uint8Array, ntRes: number): string {
  const raw = Uint8Array.from(name.subarray(0, 11));
  if (raw[0] === 0x05) raw[0] = 0xe5;
  let base = decodeOem(raw.subarray(0, 8));
  let ext = decodeOem(raw.subarray(8, 11));
  if (ntRes & NTRES_LOWER_BASE) base = base.toLowerCase();
  if (ntRes & NTRES_LOWER_EXT) ext = ext.toLowerCase();
  return ext ? `${base}.${ext}` : base;
}

/** The LFN checksum of an 11-byte short name (spec: "ChkSum"), which every LFN entry repeats. */
export function shortNameChecksum(name: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + name[i]!) & 0xff;
  return sum;
}
