/**
 * systemd unit-file syntax (systemd.syntax(7)): `[Section]` headers, `Key=Value` lines,
 * `#`/`;` comments, a trailing backslash continues a line. Pure: text in, sections out.
 */

/** One `Key=Value` assignment with its 1-based line number (of the line where it starts). */
export interface UnitAssignment {
  key: string;
  value: string;
  line: number;
}

/** A parsed unit file: assignments per section name, in file order. */
export interface UnitFile {
  sections: Map<string, UnitAssignment[]>;
}

/** Parses unit-file text; unknown syntax lines are skipped as systemd does (it only warns). */
export function parseUnitFile(text: string): UnitFile {
  const sections = new Map<string, UnitAssignment[]>();
  let current: UnitAssignment[] | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i]!.trim();
    // Continuation: join following lines while this one ends in a backslash.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1) + ' ' + lines[++i]!.trim();
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      current = sections.get(name) ?? [];
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !current) continue;
    current.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: startLine });
  }
  return { sections };
}

/**
 * Every value of `key` in `section`, split on whitespace as list settings are
 * (WantedBy=, Wants=, Alias=). An empty assignment resets the list, as systemd does.
 */
export function listSetting(file: UnitFile, section: string, key: string): string[] {
  let values: string[] = [];
  for (const a of file.sections.get(section) ?? []) {
    if (a.key !== key) continue;
    if (a.value === '') values = [];
    else values.push(...a.value.split(/\s+/).filter((v) => v.length > 0));
  }
  return values;
}
