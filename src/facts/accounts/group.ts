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

/**
 * For each account, the names of its groups in file order: the group of its primary GID and
 * every group listing it as a member. Indexed once, so many accounts times many groups stays linear.
 */
export function groupIndex(groups: readonly GroupEntry[]): (account: { name: string; gid: number }) => string[] {
  const byGid = new Map<number, number[]>();
  const byMember = new Map<string, number[]>();
  const add = <K>(map: Map<K, number[]>, key: K, index: number) => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  groups.forEach((g, index) => {
    add(byGid, g.gid, index);
    for (const member of g.members) add(byMember, member, index);
  });
  return (account) => {
    const indexes = new Set([...(byGid.get(account.gid) ?? []), ...(byMember.get(account.name) ?? [])]);
    return [...indexes].sort((a, b) => a - b).map((i) => groups[i]!.name);
  };
}
