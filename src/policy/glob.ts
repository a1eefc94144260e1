/**
 * Path globs for waivers, matched against guest paths in finding evidence ("/home/alice/.bash_history").
 * The shell's rules as gitignore users know them: `*` and `?` stay within one path component,
 * `**` spans components (`/home/**` matches everything under /home; `**` then a slash also
 * matches no directory, so `/etc/**` + `/x.conf` matches /etc/x.conf),
 * `[abc]` / `[!abc]` are character classes; everything else is literal. A glob is compiled once.
 */
export function compileGlob(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // Double star and slash also match no directory at all.
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      const chars = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
      out += negated ? `[^/${chars}]` : `[${chars}]`;
      i = end;
    } else {
      out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`, 'u');
}
