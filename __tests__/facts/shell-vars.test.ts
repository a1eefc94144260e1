import { describe, expect, it } from '@jest/globals';
import { lastAssignment, parseShellVars } from '../../src/facts/shell-vars.js';
import { noisyTexts } from '../data/agents/noise.js';
import { packageFile } from '../data/agents/tree.js';

describe('parseShellVars', () => {
  it.each<[string, string, Record<string, string>]>([
    ['plain', 'ID=debian\n', { ID: 'debian' }],
    ['double quotes', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n', { PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)' }],
    ['single quotes are literal', "A='x $B \\\" y'\n", { A: 'x $B \\" y' }],
    ['escapes inside double quotes', 'A="a \\"q\\" \\$x \\\\ \\n"\n', { A: 'a "q" $x \\ \\n' }],
    ['unquoted backslash', 'A=a\\ b\n', { A: 'a b' }],
    ['export prefix', 'export GRUB_TIMEOUT=5\n', { GRUB_TIMEOUT: '5' }],
    ['comments and blank lines', '# c\n\n  A=1 # trailing\n', { A: '1' }],
    ['expansion of earlier values', 'A="x y"\nA="$A z"\nB=${A}-w\n', { A: 'x y z', B: 'x y z-w' }],
    ['unknown variables expand to empty', 'A="$NOPE q"\n', { A: ' q' }],
    ['two assignments on a line', 'A=1 B="2 3";C=4\n', { A: '1', B: '2 3', C: '4' }],
    ['value spanning lines', 'A="one\ntwo"\nB=3\n', { A: 'one\ntwo', B: '3' }],
    ['empty value', 'A=\nB=""\n', { A: '', B: '' }],
    ['CRLF line ends', 'A=1\r\nB="2"\r\n', { A: '1', B: '2' }],
    ['last assignment wins', 'A=1\nA=2\n', { A: '2' }],
  ])('%s', (_label, text, expected) => {
    expect(Object.fromEntries(parseShellVars(text).values)).toEqual(expected);
  });

  it('records lines and raw text of assignments, and skips commands', () => {
    const vars = parseShellVars('A=1\nif [ -x /bin/foo ]; then\n  A="two words"\nfi\n');
    expect(vars.assignments.map((a) => [a.key, a.line, a.raw])).toEqual([
      ['A', 1, 'A=1'],
      ['A', 3, 'A="two words"'],
    ]);
    expect(vars.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(lastAssignment(vars, 'A')?.line).toBe(3);
  });

  it('continues from initial values (grub.d snippets extend /etc/default/grub)', () => {
    const base = parseShellVars('GRUB_CMDLINE_LINUX="quiet"\n').values;
    const snippet = parseShellVars('GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS0"\n', base);
    expect(snippet.values.get('GRUB_CMDLINE_LINUX')).toBe('quiet console=ttyS0');
  });

  it('does not run command substitutions (Debian /usr/share/grub/default/grub)', () => {
    const vars = parseShellVars('GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
    expect(vars.values.get('GRUB_DISTRIBUTOR')).toBe('');
    expect(vars.values.get('GRUB_CMDLINE_LINUX_DEFAULT')).toBe('quiet');
    expect(vars.problems).toEqual([{ line: 1, reason: 'command substitution not evaluated' }]);
  });

  it('reports an unterminated quote and keeps the rest as value', () => {
    const vars = parseShellVars('A="abc\nB=1\n');
    expect(vars.problems).toEqual([{ line: 1, reason: 'unterminated double quote' }]);
    expect(vars.values.get('A')).toBe('abc\nB=1\n');
  });
});

describe('parseShellVars on junk', () => {
  it.each(noisyTexts(packageFile('grub2-common', 'etc/default/grub')).map((t, i) => [i, t] as const))('input %i parses without throwing', (_i, text) => {
    const vars = parseShellVars(text);
    for (const a of vars.assignments) expect(a.line).toBeGreaterThanOrEqual(1);
  });
});
