/**
 * Shell variable assignments as sourced by `sh`: /etc/os-release (os-release(5)),
 * /etc/default/grub and /etc/default/grub.d/*.cfg. Handles what these files use in practice:
 * `KEY=value`, `export KEY=value`, single quotes (literal), double quotes (backslash escapes
 * `\$ \" \\ \``, `$VAR`/`${VAR}` expansion), unquoted backslash escapes, quoted values spanning
 * lines, `#` comments, several assignments on one line. Backquoted command substitutions are not run
 * (they expand to '' and are recorded). Anything else (if/fi, commands) is
 * skipped and recorded, never executed. Pure: text in, assignments out.
 * Expansions are bounded: `A="$A$A"` doubles a value per line, so past shellExpansionBytes of
 * expanded text in one file the parse is a LimitError, not gigabytes of strings.
 */


import { enforceBudget } from '../limits.js';

/** One assignment as written. */
export interface ShellAssignment {
  /** Variable name. */
  key: string;
  /** Value after quote removal and expansion. */
  value: string;
  /** 1-based line where the assignment starts. */
  line: number;
  /** The source text of the assignment (key=...), trimmed; for evidence excerpts. */
  raw: string;
}

/** A line the parser did not understand as an assignment. */
export interface ShellProblem {
  /** 1-based line. */
  line: number;
  /** What went wrong ("not an assignment", "unterminated double quote"). */
  reason: string;
}

/** Result of parsing one file. */
export interface ShellVars {
  /** Every assignment in file order (duplicates kept). */
  assignments: ShellAssignment[];
  /** Final value of each variable (last assignment wins, as when sourced). */
  values: Map<string, string>;
  /** Lines skipped. */
  problems: ShellProblem[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\']);

/**
 * Parses `text` as a sequence of shell assignments. `initial` holds variables already set
 * (e.g. values from /etc/default/grub when parsing a grub.d snippet that says
 * `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS0"`); unknown variables expand to ''.
 * `path` names the file in a LimitError.
 */
export function parseShellVars(text: string, initial: ReadonlyMap<string, string> = new Map(), path?: string): ShellVars {
  const values = new Map(initial);
  let expanded = 0;
  const expansion = (value: string): string => {
    expanded += value.length;
    enforceBudget('guest', 'shellExpansionBytes', expanded, (limit) => `$VAR expansions producing more than ${limit} bytes exceed the shellExpansionBytes budget`, { path });
    return value;
  };
  const assignments: ShellAssignment[] = [];
  const problems: ShellProblem[] = [];
  let i = 0;
  let line = 1;

  const peek = (): string | undefined => text[i];
  const advance = (): string => {
    const c = text[i++]!;
    if (c === '\n') line++;
    return c;
  };
  const skipToEol = (): void => {
    while (i < text.length && text[i] !== '\n') i++;
  };
  const readName = (): string => {
    const start = i;
    if (i < text.length && NAME_START.test(text[i]!)) {
      i++;
      while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
    }
    return text.slice(start, i);
  };
  /** `$NAME` or `${NAME}` after the `$` has been consumed. */
  const expand = (): string => {
    if (peek() === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) return '$';
      const name = text.slice(i + 1, close);
      i = close + 1;
      return expansion(values.get(name) ?? '');
    }
    const name = readName();
    return name === '' ? '$' : expansion(values.get(name) ?? '');
  };
  /** Skips a backquoted command substitution (never run: its output is unknown at rest). */
  const skipBackquote = (startLine: number): void => {
    const close = text.indexOf('`', i);
    problems.push({ line: startLine, reason: 'command substitution not evaluated' });
    while (i < (close < 0 ? text.length : close + 1)) advance();
  };
  /** Reads one word (the value part) until unquoted whitespace or `;`. */
  const readValue = (startLine: number): string => {
    let out = '';
    while (i < text.length) {
      const c = peek()!;
      if (c === ' ' || c === '\t' || c === '\n' || c === ';') break;
      advance();
      if (c === "'") {
        const close = text.indexOf("'", i);
        if (close < 0) {
          problems.push({ line: startLine, reason: 'unterminated single quote' });
          out += text.slice(i);
          while (i < text.length) advance();
          break;
        }
        while (i < close) out += advance();
        advance();
      } else if (c === '"') {
        let closed = false;
        while (i < text.length) {
          const d = advance();
          if (d === '"') {
            closed = true;
            break;
          }
          if (d === '\\' && i < text.length) {
            const e = advance();
            if (e === '\n') continue;
            out += DOUBLE_QUOTE_ESCAPABLE.has(e) ? e : `\\${e}`;
          } else if (d === '$') out += expand();
          else if (d === '`') skipBackquote(startLine);
          else out += d;
        }
        if (!closed) problems.push({ line: startLine, reason: 'unterminated double quote' });
      } else if (c === '\\') {
        if (i < text.length) {
          const e = advance();
          if (e !== '\n') out += e;
        }
      } else if (c === '$') out += expand();
      else if (c === '`') skipBackquote(startLine);
      else out += c;
    }
    return out;
  };

  while (i < text.length) {
    const c = peek()!;
    if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '\r') {
      advance();
      continue;
    }
    if (c === '#') {
      skipToEol();
      continue;
    }
    const startLine = line;
    const start = i;
    const name = readName();
    if (name === 'export' && (peek() === ' ' || peek() === '\t')) continue;
    if (name === '' || peek() !== '=') {
      problems.push({ line: startLine, reason: 'not an assignment' });
      skipToEol();
      continue;
    }
    advance();
    const value = readValue(startLine).replace(/\r$/, '');
    values.set(name, value);
    assignments.push({ key: name, value, line: startLine, raw: text.slice(start, i).trim() });
  }
  return { assignments, values, problems };
}

/** The last assignment of `key`, for evidence (path + line + excerpt). */
export function lastAssignment(vars: ShellVars, key: string): ShellAssignment | undefined {
  for (let k = vars.assignments.length - 1; k >= 0; k--) if (vars.assignments[k]!.key === key) return vars.assignments[k];
  return undefined;
}
