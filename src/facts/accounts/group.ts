/** /etc/group (group(5)): `name:password:GID:member,member`. */

/** One group line. */
export interface GroupEntry {
  /** Group name. */
  name: string;
  /** Group ID. */
  gid: number;
  /** Supplementary members (field 4). */
  members: string[];
}

/** Parses /etc/group; malformed and NIS lines are skipped. */
export function parseGroup(text: string): GroupEntry[] {
  const groups: GroupEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('+') || raw.startsWith('-')) continue;
    const f = raw.split(':');
    if (f.length < 4 || f[0] === '' || !/^\d{1,10}$/.test(f[2]!)) continue;
    groups.push({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').map((m) => m.trim()).filter((m) => m !== '') });
  }
  return groups;
}
