import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkImage } from '../../src/inspect.js';
import { checkSummaryMarkdown } from '../../src/report/github.js';
import { commentLimit, commentMarker, expandedFindings, prCommentMarkdown } from '../../src/report/pr-comment.js';
import { repoRoot } from '../cli/entry-helpers.js';
import { failingResult, manyErrorsResult } from './sample-results.js';

const ctx = { key: 'out/disk.vhd', runUrl: 'https://github.com/acme/images/actions/runs/1' };

describe('prCommentMarkdown', () => {
  it('starts with a marker the key cannot close, and the marker never carries a SAS', () => {
    expect(commentMarker('out/ubuntu-22.04.vhd')).toBe('<!-- vhd-gate:out/ubuntu-22.04.vhd -->');
    expect(commentMarker('a --> <b>')).toBe('<!-- vhd-gate:a%20%2D-%3E%20%3Cb%3E -->');
    expect(commentMarker('x-')).toBe('<!-- vhd-gate:x%2D -->');
    expect(commentMarker('https://a.blob.core.windows.net/c/d.vhd?sv=1&sig=SECRET')).not.toContain('SECRET');
  });

  it('shows the first ten findings, the rest collapsed; waived findings are marked with their justification', () => {
    const result = manyErrorsResult();
    result.findings[0] = { ...result.findings[0]!, waiver: { justification: 'accepted until the @ops rebuild, see #12', source: '.vhd-gate.yml line 4', expires: '2027-01-31' } };
    const body = prCommentMarkdown(result, ctx);
    const numbered = body.match(/^\d+\. /gm)!;
    expect(numbered).toHaveLength(12);
    const details = body.indexOf('<details><summary>2 more findings</summary>');
    expect(details).toBeGreaterThan(body.indexOf(`${expandedFindings}. `));
    expect(body.indexOf('11. ')).toBeGreaterThan(details);
    expect(body).toContain('1. ⚪ **error**');
    expect(body).toContain('   - **waived** (.vhd-gate.yml line 4, until 2027-01-31): accepted until the ＠ops rebuild, see ＃12');
    expect(body).toContain('(1 waived)');
  });

  it('stays under GitHub\'s 65536 characters, saying how many findings it left out', () => {
    const base = failingResult();
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...base.findings[1]!, message: `finding ${i} ${'x'.repeat(200)}` }));
    const body = prCommentMarkdown({ ...base, findings: many }, ctx);
    expect(body.length).toBeLessThanOrEqual(commentLimit);
    expect(body).toMatch(/\*\*\d+ more findings are not shown\*\*: a comment holds at most 65536 characters/);
    expect(body).toContain('</details>');
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });
});

describe('the hostile guest (scripts/fixtures/hostile.sh) in the comment and the disk diagram', () => {
  it('cannot inject Markdown, HTML, mentions, references or Mermaid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vhd-gate-hostile-comment-'));
    const image = path.join(dir, 'hostile.vhd');
    writeFileSync(image, gunzipSync(readFileSync(path.join(repoRoot, '__tests__/fixtures/hostile/hostile.vhd.gz'))));
    const result = await checkImage({ image, intent: { osState: 'generalized', hyperVGeneration: 'V2', sources: {} }, failOn: 'error' });
    const planted = JSON.parse(readFileSync(path.join(repoRoot, '__tests__/fixtures/hostile/secrets.json'), 'utf8')) as { secrets: string[]; fragments: string[] };
    for (const body of [prCommentMarkdown(result, ctx), checkSummaryMarkdown(result)]) {
      const mermaid = body.slice(body.indexOf('```mermaid'), body.indexOf('```', body.indexOf('```mermaid') + 3) + 3);
      const prose = body.replace(mermaid, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
      // The GPT name `<script>alert(1)</script>|` and the label's ESC/##vso are in the diagram, escaped.
      expect(mermaid).toContain('#60;script#62;alert(1)#60;/script#62;#124;');
      for (const line of mermaid.split('\n').slice(2, -1)) expect(line).toMatch(/^ {2}n\d+(\[\["[^"]*"\]\]|\["[^"]*"\]|\(\["[^"]*"\]\)|\[\("[^"]*"\)\]| -->(\|mount\|)? n\d+)$/);
      expect(mermaid.split('\n').slice(1, -1).join('\n')).not.toMatch(/%%|`|<|\n {2}[^n]/);
      expect(prose).not.toMatch(/<(?!br>|\/?details>|summary>|\/summary>|sub>|\/sub>|!-- vhd-gate:)/);
      expect(prose).not.toContain('\x1b');
      for (const s of [...planted.secrets, ...planted.fragments]) expect(body).not.toContain(s);
    }
    const comment = prCommentMarkdown(result, ctx);
    const commentProse = comment.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    expect(commentProse).not.toMatch(/@\w/);
    expect(commentProse).not.toMatch(/(^|[^\\&])#\d/);
  }, 120_000);
});
