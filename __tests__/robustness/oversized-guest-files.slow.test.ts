import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundled } from '../cli/entry-helpers.js';
import { OVERSIZED, oversizedImage } from './oversized-guest-files.js';

/**
 * The bundled CLI over the oversized guest (200 MB passwd, 1 GiB sparse shadow, 100 MB
 * grub.cfg) in a child process whose heap is capped at 512 MiB: it must finish, with the
 * limits in its report, not read the files (which would need more heap than it has).
 */
const image = oversizedImage();
afterAll(() => rmSync(path.dirname(image), { recursive: true, force: true }));

function check(format: 'json' | 'text'): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=512', bundled('cli.js'), 'check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', format],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bundled CLI over oversized guest files, heap capped at 512 MiB', () => {
  it('JSON: verdict fail (exit 1, not a crash), IMAGE-UNREADABLE naming each file and the budget, their rules not run', () => {
    const run = check('json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { verdict: string; findings: { ruleId: string; message: string }[]; notRun: { ruleId: string }[] };
    expect(report.verdict).toBe('fail');
    const unreadable = report.findings.filter((f) => f.ruleId === 'IMAGE-UNREADABLE').map((f) => f.message);
    expect(unreadable.some((m) => m.includes(`a file of ${OVERSIZED.passwd.size} bytes exceeds the fileBytes budget`))).toBe(true);
    expect(unreadable.some((m) => m.includes(`a file of ${OVERSIZED.grubCfg.size} bytes exceeds the fileBytes budget`))).toBe(true);
    expect(report.notRun.map((n) => n.ruleId)).toEqual(expect.arrayContaining(['GEN-ROOT-PASSWORD', 'PA-CI-ENABLED']));
  });

  it('text: IMAGE-UNREADABLE names the file and the budget', () => {
    const run = check('text');
    expect(run.stdout).toMatch(/IMAGE-UNREADABLE: .*budget fileBytes.*a file of 209715200 bytes/);
    expect(run.stdout).toContain(OVERSIZED.passwd.path);
  });
});
