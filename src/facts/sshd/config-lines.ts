/**
 * sshd_config(5) line syntax, as OpenSSH's servconf.c reads it: one keyword per line,
 * case-insensitive, separated from its arguments by whitespace or one `=`; arguments may be
 * double-quoted; `#` at the start of a line or of an argument starts a comment.
 * Pure: text in, directives out.
 */

/** One `Keyword arguments...` line of an sshd config file. */
export interface SshdDirective {
  /** Keyword, lower-cased (sshd compares keywords case-insensitively). */
  keyword: string;
  /** Arguments with quotes removed. */
  args: string[];
  /** Guest path of the file the line is in. */
  path: string;
  /** 1-based line number. */
  line: number;
}

/** Splits the argument text the way OpenSSH's argv_split does (double quotes group, `#` ends). */
export function splitSshdArgs(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length || text[i] === '#') break;
    let arg = '';
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      // An unterminated quote makes sshd reject the line; keep the rest as one argument.
      arg = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      i = end < 0 ? text.length : end + 1;
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) arg += text[i++];
    }
    args.push(arg);
  }
  return args;
}

/** Parses the directives of one sshd config file (Include and Match are returned as directives too). */
export function parseSshdConfigLines(text: string, path: string): SshdDirective[] {
  const directives: SshdDirective[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // Keyword ends at whitespace or '='; the separator may be "  =  ".
    const match = /^([^\s=]+)\s*=?\s*(.*)$/.exec(line);
    if (!match) return;
    directives.push({ keyword: match[1]!.toLowerCase(), args: splitSshdArgs(match[2]!), path, line: index + 1 });
  });
  return directives;
}
