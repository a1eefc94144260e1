/** One line of /etc/fstab (fstab(5)). */
export interface FstabEntry {
  /** First field: UUID=..., LABEL=..., /dev/sda1, /dev/mapper/vg-lv ... (octal escapes decoded). */
  spec: string;
  /** Mount point ("/", "/boot", "none" for swap). */
  file: string;
  vfstype: string;
  options: string[];
  freq: number;
  passno: number;
  /** 1-based line number, for evidence. */
  line: number;
}

/** fstab escapes blanks and backslashes in fields as \040, \011, \134 (octal). */
function unescapeField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses fstab text; comment and malformed lines (fewer than 2 fields) are skipped, as mount(8) does. */
export function parseFstab(text: string): FstabEntry[] {
  const entries: FstabEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    if (fields.length < 2) return;
    const [spec, file, vfstype = 'auto', options = 'defaults', freq = '0', passno = '0'] = fields;
    entries.push({
      spec: unescapeField(spec!),
      file: unescapeField(file!),
      vfstype,
      options: options.split(','),
      freq: Number.parseInt(freq, 10) || 0,
      passno: Number.parseInt(passno, 10) || 0,
      line: index + 1,
    });
  });
  return entries;
}
