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
  it('JSON: a verdict (not a crash), and the rules that needed passwd or grub.cfg are not run, naming the file and the budget', () => {
    const run = check('json');
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    const report = JSON.parse(run.stdout) as { notRun: { ruleId: string; reason: string }[] };
    const reason = (id: string) => report.notRun.find((n) => n.ruleId === id)?.reason;
    expect(reason('GEN-ROOT-PASSWORD')).toContain(`in ${OVERSIZED.passwd.path}: a file of ${OVERSIZED.passwd.size} bytes exceeds the fileBytes budget`);
    expect(reason('PA-CI-ENABLED')).toContain(`in ${OVERSIZED.grubCfg.path}: a file of ${OVERSIZED.grubCfg.size} bytes exceeds the fileBytes budget`);
  });

  it('text: the not-run rules name the file and the budget', () => {
    const run = check('text');
    expect(run.stdout).toMatch(/GEN-USER-ACCOUNTS: accounts: guest \(limit\) in \/etc\/passwd: .*fileBytes/);
  });
});
