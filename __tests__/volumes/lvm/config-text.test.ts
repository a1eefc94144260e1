import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VolumeError } from '../../../src/errors.js';
import { MAX_CONFIG_DEPTH, parseConfigText, type ConfigSection, type ConfigValue } from '../../../src/volumes/lvm/config-text.js';
import { interpretVg } from '../../../src/volumes/lvm/vg-metadata.js';
import { repoRoot } from './lvm-fixtures.js';

const backup = readFileSync(path.join(repoRoot, '__tests__/data/lvm/rootvg.vgcfgbackup.txt'), 'utf8');

/** A section as plain data, for readable expectations. */
function plain(value: ConfigValue): unknown {
  if (typeof value !== 'object' || Array.isArray(value)) return Array.isArray(value) ? value.map(plain) : value;
  return Object.fromEntries([...value.entries].map(([k, v]) => [k, plain(v)]));
}

function parseError(text: string): VolumeError {
  try {
    parseConfigText(text, 0x1000);
  } catch (error) {
    if (error instanceof VolumeError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

describe('parseConfigText over a real vgcfgbackup file', () => {
  const root = parseConfigText(backup);

  it('reads the top-level settings, with the escaped quotes of the description decoded', () => {
    expect(root.entries.get('contents')).toBe('Text Format Volume Group');
    expect(root.entries.get('version')).toBe(1);
    expect(root.entries.get('description')).toContain('filter=["a|^/dev/loop0$|","a|^/dev/loop1$|","r|.*|"]');
  });

  it('gives the VG as LVM wrote it: extent size, PVs, LVs and their segments (comments skipped)', () => {
    const vg = interpretVg(root, 0);
    expect([vg.name, vg.seqno, vg.extentSize, vg.pvs.map((p) => p.key)]).toEqual(['rootvg', 8, 2048, ['pv0', 'pv1']]);
    expect(vg.lvs.map((lv) => [lv.name, lv.visible, lv.segments.map((s) => [s.startExtent, s.extentCount, s.type, s.stripes.length, s.stripeSize])])).toEqual([
      ['rootlv', true, [[0, 8, 'striped', 1, undefined]]],
      ['varlv', true, [[0, 3, 'striped', 1, undefined], [3, 2, 'striped', 1, undefined]]],
      ['my-data', true, [[0, 2, 'striped', 1, undefined]]],
      ['stripelv', true, [[0, 4, 'striped', 2, 128]]],
    ]);
  });
});

describe('parseConfigText grammar', () => {
  it('reads strings with escapes, integers, reals, lists, sections, digit-only names and comments', () => {
    const text = `# leading comment
a = "q\\"uote\\\\d"   # trailing comment
b = -42
c = 1.5
d = [ "x", 3, "y" ]
e = []
1 { f = 'single' }
`;
    expect(plain(parseConfigText(text) as ConfigSection)).toEqual({ a: 'q"uote\\d', b: -42, c: 1.5, d: ['x', 3, 'y'], e: [], 1: { f: 'single' } });
  });

  it('keeps "__proto__" as an ordinary name', () => {
    expect(parseConfigText('__proto__ = 1').entries.get('__proto__')).toBe(1);
  });

  it.each([
    ['an unclosed string', 'a = "abc', /line 1: a string is not closed/],
    ['a missing "}"', 'vg {\n a = 1\n', /line 3: the text ends inside a section/],
    ['an unbalanced "}"', 'a = 1\n}', /line 2: unbalanced "\}"/],
    ['a duplicate name', 'a = 1\na = 2', /line 2: "a" is defined twice/],
    ['a value missing', 'a = }', /expected a value/],
    ['a list of sections', 'a = [ { } ]', /expected a string, number or "\]"/],
    ['a name without = or {', 'a b', /expected "=" or "\{" after "a"/],
    ['an integer beyond 2^53', 'a = 123456789012345678901', /out of range/],
    ['binary garbage', '\x00\x01\x02 = = =', /line 1: expected a value, found "="/],
  ])('rejects %s with a VolumeError naming the line', (_what, text, message) => {
    const error = parseError(text);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(message);
    expect(error.offset).toBeGreaterThanOrEqual(0x1000);
  });

  it(`accepts ${MAX_CONFIG_DEPTH} nested sections and rejects one more`, () => {
    const nest = (n: number) => 'a {'.repeat(n) + '}'.repeat(n);
    expect(() => parseConfigText(nest(MAX_CONFIG_DEPTH))).not.toThrow();
    expect(parseError(nest(MAX_CONFIG_DEPTH + 1)).message).toMatch(/nest deeper than/);
  });

  it('rejects a million unclosed "{" quickly, without exhausting the stack', () => {
    const started = Date.now();
    expect(parseError('a {'.repeat(1_000_000)).message).toMatch(/nest deeper than/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
