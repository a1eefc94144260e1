/** /etc/login.defs (login.defs(5)): `NAME value` lines, `#` comments. */

/** shadow-utils' built-in UID_MIN when login.defs does not set it. */
export const DEFAULT_UID_MIN = 1000;

/** The UID_MIN setting with its line, or undefined when the file does not set a valid one. */
export function parseUidMin(text: string): { value: number; line: number } | undefined {
  let found: { value: number; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const m = /^\s*UID_MIN\s+(\d{1,10})\s*(#.*)?$/.exec(raw);
    // getdef.c keeps the last definition of a name.
    if (m) found = { value: Number(m[1]), line: index + 1 };
  });
  return found;
}
