import { describe, expect, it } from '@jest/globals';
import { mdCode, mdText } from '../../src/report/markdown.js';
import { neutraliseJson, neutraliseOutput, oneLine } from '../../src/report/neutralise.js';

describe('oneLine: image text on one line of a report', () => {
  it.each([
    ['plain /etc/passwd', 'plain /etc/passwd'],
    ['a\nb\r\nc\td', 'a\\nb\\r\\nc\\td'],
    ['\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07', '\\x1b[2J\\x1b]8;;http://x\\x07link\\x1b]8;;\\x07'],
    ['x\bY\x7f\x85\x9b', 'x\\x08Y\\x7f\\x85\\x9b'],
    ['abc\u202ecba\u2066\u200b\u2028\ufeff', 'abc\\u202ecba\\u2066\\u200b\\u2028\\ufeff'],
    ['lone \ud800 surrogate, pair \ud83d\ude00 kept', 'lone \\ud800 surrogate, pair \ud83d\ude00 kept'],
    ['::error::pwned', '\\x3a:error::pwned'],
    ['  ::add-mask::x', '  \\x3a:add-mask::x'],
    ['user\n::error::pwned', 'user\\n::error::pwned'],
    ['a ##vso[task.setvariable variable=x]y', 'a ##vso\\x5btask.setvariable variable=x]y'],
    ['##VSO[task.complete]', '##VSO\\x5btask.complete]'],
    ['x ##[error]y ##[group]', 'x ##\\x5berror]y ##\\x5bgroup]'],
    ['non-ASCII stays: café ünïcode ─├', 'non-ASCII stays: café ünïcode ─├'],
  ])('%j -> %j', (input, expected) => {
    expect(oneLine(input)).toBe(expected);
    // Idempotent: reporters may pass text through twice.
    expect(oneLine(expected)).toBe(expected);
  });
});

describe('neutraliseOutput: a whole report', () => {
  it('keeps newlines and tabs, shows every other control, breaks command prefixes on every line', () => {
    const out = neutraliseOutput('line 1\tok\n::warning::x\n   ::error::y\nz ##vso[task.setvariable variable=a]b\r\n\x1b[31mred');
    expect(out).toBe('line 1\tok\n\\x3a:warning::x\n   \\x3a:error::y\nz ##vso\\x5btask.setvariable variable=a]b\\r\n\\x1b[31mred');
  });
});

describe('neutraliseJson: faithful and inert', () => {
  it('parses back to the same values, with no raw controls and no command prefix in the text', () => {
    const value = { user: '::error::pwned\n', home: '/home/##vso[task.setvariable variable=x]y', esc: '\x1b]8;;http://x\x07\x85\u202e', n: 1, legacy: '##[group]' };
    const json = neutraliseJson(JSON.stringify(value, null, 2));
    expect(JSON.parse(json)).toEqual(value);
    expect(json).not.toMatch(/##(vso)?\[/i);
    expect(json).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(json.split('\n').some((l) => /^\s*::/.test(l))).toBe(false);
  });
});

describe('Markdown contexts', () => {
  it('text: HTML and Markdown are shown, not rendered; a pipe does not end the cell', () => {
    expect(mdText('<script>alert(1)</script> | *b* [x](http://y) `c` a&amp;b \\')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &#124; \\*b\\* \\[x\\](http://y) \\`c\\` a&amp;amp;b \\\\',
    );
    expect(mdText('a\n## heading\r')).toBe('a\\\\n\\#\\# heading\\\\r');
  });

  it('code: a fence longer than any backtick run, no HTML escaping, pipes escaped for the table', () => {
    expect(mdCode('PasswordAuthentication yes')).toBe('`PasswordAuthentication yes`');
    expect(mdCode('a `b` c')).toBe('``a `b` c``');
    expect(mdCode('``x```')).toBe('```` ``x``` ````');
    expect(mdCode('<script> & |')).toBe('`<script> & \\|`');
    expect(mdCode(' x')).toBe('`  x `');
    expect(mdCode('a\nb\x1b')).toBe('`a\\nb\\x1b`');
  });
});
