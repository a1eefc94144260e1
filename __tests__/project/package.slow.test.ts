import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { fixturePolicyFile } from '../helpers/fixture-policy.js';

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

/**
 * The tarball as a user gets it (issue 9, point 6): `npm pack` of the committed dist/, installed
 * into an empty directory with --offline (the package has no dependencies: dist/ bundles them, so
 * nothing but the tarball is needed), then `npx vhd-gate` run there on fixture images; and
 * `npx --package=<tarball> vhd-gate` in another empty directory, as `npx vhd-gate` runs it from
 * the registry.
 */
describe('the packed tarball, installed', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vhd-gate-pack-'));
  const [packDir, installDir, npxDir, imageDir] = ['pack', 'install', 'npx', 'images'].map((d) => path.join(work, d));
  for (const d of [packDir, installDir, npxDir, imageDir]) mkdirSync(d!);
  const sh = (cmd: string, args: string[], cwd: string) =>
    spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir!], repoRoot);
  const packed = pack.status === 0 ? (JSON.parse(pack.stdout)[0] as { filename: string; size: number; unpackedSize: number }) : undefined;
  const tarball = path.join(packDir!, packed?.filename ?? 'missing.tgz');
  const image = (name: string) => {
    const file = path.join(imageDir!, name);
    writeFileSync(file, gunzipSync(readFileSync(path.join(repoRoot, '__tests__/fixtures/images', `${name}.gz`))));
    return file;
  };

  it('packs to about 1 MB (README states the size)', () => {
    expect(pack.status).toBe(0);
    expect(packed!.filename).toBe(`vhd-gate-${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version}.tgz`);
    expect(packed!.size).toBeGreaterThan(500_000);
    expect(packed!.size).toBeLessThan(3_000_000);
  });

  it('installs offline into an empty directory: one package, nothing fetched', () => {
    const install = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--omit=dev', tarball], installDir!);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    expect(readdirSync(path.join(installDir!, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['vhd-gate']);
    const bin = readFileSync(path.join(installDir!, 'node_modules/vhd-gate/dist/cli.js'), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('npx vhd-gate check: exit 0 on a clean image, exit 1 naming the rules on a dirty one', () => {
    const good = sh('npx', ['--no-install', 'vhd-gate', 'check', image('generalized-good.vhd'), '--os-state', 'generalized', '--hyper-v-generation', 'V2', '--config', fixturePolicyFile], installDir!);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/pass/i);
    const bad = sh('npx', ['--no-install', 'vhd-gate', 'check', image('generalized-with-traces.vhd'), '--os-state', 'generalized', '--format', 'json'], installDir!);
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout) as { verdict: string; findings: { ruleId: string }[] };
    expect(report.verdict).toBe('fail');
    expect(report.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['GEN-WAAGENT-MARKER', 'GEN-SSH-HOSTKEYS', 'GEN-MACHINE-ID']));
  });

  it('npx --package=<tarball> vhd-gate runs in an empty directory, as `npx vhd-gate` does from the registry', () => {
    const r = sh('npx', ['--yes', '--offline', `--package=${tarball}`, 'vhd-gate', '--version'], npxDir!);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    expect(readdirSync(npxDir!)).toEqual([]);
  });
});
