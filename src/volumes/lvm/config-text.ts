import { VolumeError } from '../../errors.js';
import { enforceBudget } from '../../limits.js';

/** A value in LVM's config grammar: "string", integer or real, [list], or { section }. */
export type ConfigValue = string | number | ConfigValue[] | ConfigSection;

/** A `name { ... }` block (or the whole text): its settings and subsections in file order. */
export interface ConfigSection {
  /** Entries by name; a Map so names like "__proto__" are just names. */
  entries: Map<string, ConfigValue>;
}

/** Deepest section nesting accepted: VG metadata uses 4 (vg > logical_volumes > lv > segment). */
export const MAX_CONFIG_DEPTH = 16;
/** Most items in one list (a raid LV with 64 images has 128; stripes lists a PV and extent per stripe). */
export const MAX_LIST_ITEMS = 65536;

type Token =
  | { kind: 'name'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'punct'; text: '=' | '{' | '}' | '[' | ']' | ','; at: number }
  | { kind: 'end'; at: number };

const PUNCT = '={}[],';

/**
 * Parses LVM's config text (lib/config/config.c grammar, as written by vgcfgbackup and kept in
 * the metadata area): `name = value`, `name { ... }`, values "strings" (with \" and \\
 * escapes), integers, reals and [lists], # comments. Throws VolumeError naming the line on any
 * syntax error; depth and list size are bounded, and each step consumes input, so it always ends.
 * Settings, sections and list items together are bounded by limits.lvmMetadataNodes (a
 * LimitError past it): 16 MiB of "a{}" would otherwise become millions of Maps, over a GiB.
 * `base` is the byte offset of the text on the PV, for messages.
 */
export function parseConfigText(text: string, base = 0): ConfigSection {
  const lexer = new Lexer(text, base);
  const root = parseEntries(lexer, 0, true);
  return root;
}

function parseEntries(lexer: Lexer, depth: number, top: boolean): ConfigSection {
  const section: ConfigSection = { entries: new Map() };
  for (;;) {
    const token = lexer.next();
    lexer.countNode(token.at);
    if (token.kind === 'end') {
      if (!top) throw lexer.error(token.at, 'the text ends inside a section (missing "}")');
      return section;
    }
    if (token.kind === 'punct' && token.text === '}') {
      if (top) throw lexer.error(token.at, 'unbalanced "}"');
      return section;
    }
    // A name made only of digits ("1 { ... }", an LV called 1) lexes as a number: it is still a name here.
    if (token.kind !== 'name' && token.kind !== 'number') throw lexer.error(token.at, `expected a setting or section name, found ${describe(token)}`);
    if (section.entries.has(token.text)) throw lexer.error(token.at, `"${token.text}" is defined twice`);
    const after = lexer.next();
    if (after.kind === 'punct' && after.text === '{') {
      if (depth + 1 > MAX_CONFIG_DEPTH) throw lexer.error(after.at, `sections nest deeper than ${MAX_CONFIG_DEPTH}`);
      section.entries.set(token.text, parseEntries(lexer, depth + 1, false));
    } else if (after.kind === 'punct' && after.text === '=') {
      section.entries.set(token.text, parseValue(lexer));
    } else {
      throw lexer.error(after.at, `expected "=" or "{" after "${token.text}", found ${describe(after)}`);
    }
  }
}

function parseValue(lexer: Lexer): ConfigValue {
  const token = lexer.next();
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return token.value;
  if (token.kind === 'punct' && token.text === '[') {
    const items: ConfigValue[] = [];
    for (;;) {
      const item = lexer.next();
      if (item.kind === 'punct' && item.text === ']') return items;
      if (item.kind === 'punct' && item.text === ',' && items.length > 0) continue;
      if (item.kind === 'string') items.push(item.text);
      else if (item.kind === 'number') items.push(item.value);
      else throw lexer.error(item.at, `expected a string, number or "]" in a list, found ${describe(item)}`);
      if (items.length > MAX_LIST_ITEMS) throw lexer.error(item.at, `a list holds more than ${MAX_LIST_ITEMS} items`);
      lexer.countNode(item.at);
    }
  }
  throw lexer.error(token.at, `expected a value, found ${describe(token)}`);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the text';
    case 'number':
      return `the number ${token.value}`;
    case 'string':
      return 'a string';
    default:
      return `"${token.text}"`;
  }
}

/** Splits the text into tokens, skipping whitespace and # comments. */
class Lexer {
  private pos = 0;
  private nodes = 0;
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  error(at: number, what: string): VolumeError {
    const line = countLines(this.text, at);
    return new VolumeError('corrupt', `LVM metadata text line ${line}: ${what}`, { offset: this.base + at });
  }

  /** Counts one setting, section or list item against limits.lvmMetadataNodes. */
  countNode(at: number): void {
    enforceBudget('volume', 'lvmMetadataNodes', ++this.nodes, (limit) => `LVM metadata text line ${countLines(this.text, at)}: more than ${limit} settings, sections and list items`, {
      offset: this.base + at,
    });
  }

  next(): Token {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s/.test(t[this.pos]!)) this.pos++;
      if (t[this.pos] !== '#') break;
      while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
    }
    const at = this.pos;
    if (at >= t.length) return { kind: 'end', at };
    const c = t[at]!;
    if (PUNCT.includes(c)) {
      this.pos++;
      return { kind: 'punct', text: c as '=', at };
    }
    if (c === '"' || c === "'") return this.quoted(c, at);
    let end = at;
    while (end < t.length && !/[\s#"'={}[\],]/.test(t[end]!)) end++;
    this.pos = end;
    const word = t.slice(at, end);
    if (/^[+-]?\d+$/.test(word)) {
      const value = Number(word);
      if (!Number.isSafeInteger(value)) throw this.error(at, `the integer ${word} is out of range`);
      return { kind: 'number', value, text: word, at };
    }
    if (/^[+-]?\d+\.\d*$/.test(word)) return { kind: 'number', value: Number(word), text: word, at };
    return { kind: 'name', text: word, at };
  }

  /** A quoted string; a backslash makes the next character literal (\" and \\). */
  private quoted(quote: string, at: number): Token {
    const t = this.text;
    // Runs between escapes are sliced, not built a character at a time.
    let out = '';
    let from = at + 1;
    let i = from;
    for (;;) {
      if (i >= t.length) throw this.error(at, 'a string is not closed');
      const c = t[i]!;
      if (c === quote) break;
      if (c === '\\') {
        if (i + 1 >= t.length) throw this.error(at, 'a string is not closed');
        out += t.slice(from, i) + t[i + 1];
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    out += t.slice(from, i);
    this.pos = i + 1;
    return { kind: 'string', text: out, at };
  }
}

function countLines(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
