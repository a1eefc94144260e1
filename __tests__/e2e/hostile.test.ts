import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../cli/entry-helpers.js';
import { everyOutput, expectNoneIn, type Output } from '../helpers/every-output.js';

/**
 * A guest built by an attacker (scripts/fixtures/hostile.sh): user names, home directories,
 * file names, labels and file contents carry GitHub workflow commands, Azure Pipelines logging
 * commands, CR, ESC/OSC sequences, `<script>`, `|` and backticks, and every format the readers
 * parse holds real secrets (secrets.json). Every output of the CLI and the action is checked.
 */
const fixtureDir = path.join(repoRoot, '__tests__/fixtures/hostile');
const planted = JSON.parse(readFileSync(path.join(fixtureDir, 'secrets.json'), 'utf8')) as { secrets: string[]; fragments: string[] };
let outputs: Output[];

beforeAll(async () => {
  const image = path.join(mkdtempSync(path.join(tmpdir(), 'vhd-gate-hostile-')), 'hostile.vhd');
  writeFileSync(image, gunzipSync(readFileSync(path.join(fixtureDir, 'hostile.vhd.gz'))));
  outputs = [...(await everyOutput(image, 'generalized')), ...(await everyOutput(image, 'specialized'))];
}, 180_000);

const output = (label: string) => outputs.find((o) => o.label === label)!.text;

/** What the GitHub runner decodes from a workflow command's message (actions/runner ActionCommand unescape). */
function ghUnescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** The workflow commands vhd-gate itself emits (from @actions/core): annotations and the failure. */
// Titles: a rule ID, a waived rule (notice), or the notice listing rules whose setting was not declared.
const deliberateWorkflowCommand = /^::(error|warning|notice)( title=(?:[A-Z0-9-]+(?: \(waived\))?|vhd-gate%3A \d+ rules? not run \(setting not declared\)))?::/;
/** The action's stop-commands pair around its report (a random token). */
const stopCommands = /^::(stop-commands::)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(::)?$/;
/** The Azure Pipelines commands vhd-gate itself emits. */
const deliberateVsoCommand = /^##vso\[task\.(logissue|complete) [^\]]*\]/;

describe('hostile guest: the attack reaches the outputs, shown and inert', () => {
  it('image text is in the reports, with controls and command prefixes shown visibly', () => {
    const check = output('check text: stdout');
    expect(check).toContain('u##vso\\x5btask.setvariable variable=x]y (uid 1001)');
    expect(check).toContain('evil\\x1b]8;;x\\x07click\\x1b]8;;\\x07 (uid 1002)');
    expect(check).toContain('/var/lib/waagent/state\\x1b[2J\\n::error::pwned');
    const inspect = output('inspect text: stdout');
    expect(inspect).toContain('label "\\x1b[2J##vso\\x5ba]\\r|"');
    expect(inspect).toContain('<script>alert(1)</script>|`');
  });

  it('settings next to secrets are quoted with the secret masked', () => {
    const check = output('check text: stdout');
    expect(check).toContain('forces datasource ds=nocloud-net;s=http://seed:<hidden>@10.0.0.1/');
    expect(check).toContain('`policy: {mode: <hidden>, password: <hidden>}`');
    expect(check).toContain('`eth0: {auth: {password: <hidden>, key-management: <hidden>, method: peap}, dhcp4: false, addresses: [10.0.0.5/24]}`');
  });

  it('JSON keeps every value exact (escaped, not altered)', () => {
    const report = JSON.parse(output('check json: stdout'));
    const excerpts: string[] = report.findings.flatMap((f: { evidence: { excerpt?: string; path?: string }[] }) => f.evidence.flatMap((e) => [e.excerpt ?? '', e.path ?? '']));
    expect(excerpts.some((e) => e.startsWith('u##vso[task.setvariable variable=x]y (uid 1001)'))).toBe(true);
    expect(excerpts).toContain('/var/lib/waagent/state\x1b[2J\n::error::pwned');
    const inspect = JSON.parse(output('inspect json: stdout'));
    expect(inspect.image.filesystems[0].label).toBe('\x1b[2J##vso[a]\r|');
  });

  it('no line of any output starts a runner command unless vhd-gate emitted it, with escaped content', () => {
    let deliberate = 0;
    for (const { label, text } of outputs) {
      for (const line of text.split('\n')) {
        if (deliberateVsoCommand.test(line)) {
          deliberate++;
          expect([label, line.slice(line.indexOf(']') + 1)]).not.toEqual([label, expect.stringMatching(/##(vso)?\[/i)]);
          continue;
        }
        if (stopCommands.test(line)) continue;
        if (deliberateWorkflowCommand.test(line)) {
          deliberate++;
          // What the runner decodes must itself hold no command on any of its lines.
          for (const decoded of ghUnescape(line.replace(deliberateWorkflowCommand, '')).split(/\r?\n|\r/)) {
            expect([label, decoded]).not.toEqual([label, expect.stringMatching(/^\s*::|##(vso)?\[/i)]);
          }
          continue;
        }
        expect([label, line]).not.toEqual([label, expect.stringMatching(/^\s*::|##(vso)?\[/i)]);
      }
    }
    expect(deliberate).toBeGreaterThan(4);
  });

  it('the action prints its report between ::stop-commands::<token> and ::<token>::', () => {
    const log = output('action log').split('\n');
    const start = log.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = log[start]!.slice('::stop-commands::'.length);
    const end = log.indexOf(`::${token}::`);
    expect(log.slice(start + 1, end).join('\n')).toMatch(/^(PASS|FAIL|ERROR): .* — /m);
    expect(log.slice(start + 1, end).some((l) => l.includes('GEN-USER-ACCOUNTS'))).toBe(true);
    expect(end).toBeGreaterThan(start);
  });

  it('no raw control, C1 or bidi character in any output (newline and tab only)', () => {
    for (const { label, text } of outputs) {
      const raw = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.exec(text);
      expect([label, raw?.[0]]).toEqual([label, undefined]);
    }
  });

  it('the job summary renders image text as text: no HTML, tables intact, code spans not entity-escaped', () => {
    const summary = output('action job summary');
    // Outside code spans HTML is escaped; inside them it is shown literally by GitHub.
    const codeSpan = /(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)/g;
    expect(summary.replace(codeSpan, '')).not.toMatch(/<script/i);
    expect(summary).toContain('&lt;script&gt;');
    const rows = summary.split('\n').filter((l) => /^\| (error|warning|info) \|/.test(l));
    expect(rows.length).toBeGreaterThan(3);
    // Five cells: six pipes that are not escaped (`\|`) or inside an entity.
    for (const row of rows) expect([row, row.replace(/\\\|/g, '').split('|').length - 1]).toEqual([row, 6]);
    const spans = [...summary.matchAll(codeSpan)].map((m) => m[2]!);
    expect(spans.some((s) => s.includes('<script>'))).toBe(true);
    for (const span of spans) expect(span).not.toMatch(/&lt;|&gt;|&amp;/);
  });
});

describe('hostile guest: no planted secret in any output', () => {
  it('planted secrets cover every format', () => {
    expect(planted.secrets.length).toBeGreaterThan(35);
    expect(planted.fragments.length).toBeGreaterThan(10);
  });

  it('no secret value, hash salt or key line appears anywhere', () => {
    expectNoneIn(outputs, planted.secrets, 'a planted secret');
    expectNoneIn(outputs, planted.fragments, 'a fragment of a planted secret');
  });
});
