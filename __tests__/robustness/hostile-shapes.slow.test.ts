import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundled, tempDir } from '../cli/entry-helpers.js';
import { dagImage } from '../fs/ext/extent-dag-image.js';
import { gzBytes, repoRoot } from '../fs/helpers/images.js';
import { head, pvWithText, sixteenMiB } from '../volumes/lvm/hostile-metadata-image.js';

/**
 * Issue 7's hostile shapes below the guest, each checked by the bundled CLI in its own process
 * capped at 512 MiB of heap (--max-old-space-size=512): a directory of 250,005 entries (ext4
 * htree and linear, XFS node), an ext4 extent tree that is a DAG, and 16 MiB of LVM metadata
 * sections. Each must end with exit 0, 1 or 2, at most one stderr line and no stack trace, with
 * a peak RSS (VmHWM) under 512 MiB. The time limit is a hang guard, not a speed measure
 * (scripts/bench measures speed). Needs `npm run bundle`.
 */
const cli = bundled('cli.js');
const dir = tempDir('hostile-shapes');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundled CLI with a heap cap and reports its exit code, output and peak RSS. */
function runCapped(image: string): { code: number | null; stdout: string; stderr: string; rss: number } {
  const runner = path.join(dir, 'peak-rss.mjs');
  writeFileSync(
    runner,
    `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...process.argv.slice(2)];\n` +
      `import { readFileSync } from 'node:fs';\n` +
      `process.on('exit', () => process.stderr.write('maxRSS ' + /VmHWM:\\s*(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'));\n` +
      `await import(${JSON.stringify(cli)});\n`,
  );
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', runner, 'check', image, '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--format', 'json'], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const kib = /maxRSS (\d+)\n?/.exec(r.stderr);
  if (!kib) throw new Error(`no maxRSS line (killed?): ${r.signal ?? ''} ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(kib[0], ''), rss: Number(kib[1]) * 1024 };
}

const shapes: [string, () => Promise<Uint8Array>][] = [
  ...['ext4-htree-250k', 'ext4-linear-250k', 'xfs-node-250k'].map((name): [string, () => Promise<Uint8Array>] => [
    `${name}: /etc with 250,005 entries`,
    async () => gzBytes(path.join(repoRoot, `__tests__/fixtures/hostile/${name}.img.gz`)),
  ]),
  ['ext4 extent tree that is a DAG', async () => (await dagImage()).bytes],
  ['LVM PV with 16 MiB of metadata sections', async () => pvWithText(sixteenMiB(head, (i) => `s${i}{}\n`, '}\n'))],
];

describe('hostile shapes through the bundled CLI, heap capped at 512 MiB', () => {
  it.each(shapes)('%s', async (_what, make) => {
    const image = path.join(dir, 'image.raw');
    writeFileSync(image, await make());
    const run = runCapped(image);
    expect([0, 1, 2]).toContain(run.code);
    expect(run.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(run.stderr).not.toMatch(/^\s+at |internal error|heap out of memory/m);
    const report = JSON.parse(run.stdout);
    expect(['pass', 'fail', 'error']).toContain(report.verdict);
    expect(run.rss).toBeLessThan(512 * 1024 * 1024);
  });
});
