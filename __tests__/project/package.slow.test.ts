import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What `npm publish` would upload (`files` in package.json): the bundle, the action, the docs a
 * finding links to and the licences; never tests, fixtures, the corpus or sources. Slow tier: it
 * runs npm.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm pack', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  const files: string[] = packed.status === 0 ? JSON.parse(packed.stdout)[0].files.map((f: { path: string }) => f.path) : [];

  it('runs', () => {
    expect(packed.stderr).not.toMatch(/npm error/);
    expect(packed.status).toBe(0);
  });

  it('holds the bundle, the action, README, LICENSE, licences and every rule page', () => {
    const rulePages = readdirSync(path.join(repoRoot, 'docs/rules')).map((f) => `docs/rules/${f}`);
    expect(rulePages.length).toBeGreaterThan(20);
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'action.yml', 'README.md', 'LICENSE', 'package.json', 'docs/licenses.md', ...rulePages]));
  });

  it('holds nothing else (no tests, fixtures, corpus, sources or scripts)', () => {
    const allowed = /^(dist\/|docs\/rules\/|action\.yml$|README\.md$|LICENSE$|package\.json$|docs\/licenses\.md$)/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });
});
