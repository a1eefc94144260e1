import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from '../helpers/corpus.js';

/**
 * A clone tests on its own (issue 7, point 6): nothing the tests, scripts or CI read lives outside
 * the repository, every third-party corpus folder says where it came from and under which
 * licence, and package.json asks for at least the Node version the bundled packages need.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Text files of the repository's own code and docs (the third-party corpus and binaries left out). */
function ownTextFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (['node_modules', '.git', 'dist', '.fixture-work'].includes(name) || file === corpusDir) return [];
    if (statSync(file).isDirectory()) return ownTextFiles(file);
    return /\.(ts|mjs|js|sh|py|md|json|yml)$/.test(name) || name === 'run' ? [file] : [];
  });
}

// Built from parts so this file does not match itself.
const outside = new RegExp(['\\.\\./', 'shared\\b', '|/work/(shared|main|wt-)'].join(''));

describe('the repository is self-contained', () => {
  const files = ['__tests__', 'scripts', 'src', 'docs', '.ci'].flatMap((d) => ownTextFiles(path.join(repoRoot, d)))
    .concat(['jest.config.js', 'package.json', 'README.md', 'rollup.config.js'].map((f) => path.join(repoRoot, f)));

  it('reads nothing from beside the clone (the corpus is __tests__/corpus)', () => {
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (outside.test(line) ? [`${path.relative(repoRoot, file)}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  it('names origin and licence of every corpus folder, with the licence text present', () => {
    const readme = readFileSync(path.join(corpusDir, 'README.md'), 'utf8');
    const folders = readdirSync(corpusDir).filter((f) => f !== 'LICENSES' && statSync(path.join(corpusDir, f)).isDirectory());
    expect(folders.sort()).toEqual(['blkid-misc', 'ext', 'os-release', 'waagent', 'xfs']);
    for (const folder of folders) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${folder}/\` |`));
      expect(row).toMatch(/ @ [0-9a-f]{40}/); // upstream repository at a commit
      const licences = [...row!.matchAll(/\(LICENSES\/([^)]+)\)/g)].map((m) => m[1]);
      expect(licences.length).toBeGreaterThan(0);
      for (const licence of licences) expect(existsSync(path.join(corpusDir, 'LICENSES', licence))).toBe(true);
      expect(existsSync(path.join(corpusDir, folder, 'index.tsv'))).toBe(true);
    }
  });
});

/** The lowest Node major a semver range admits ("^12.20.0 || >=16" -> 12, ">=0.6.11 <=0.7.0 || >=0.7.3" -> 0). */
function lowestMajor(range: string): number {
  return Math.min(...range.split('||').map((alternative) => {
    const bound = /(?:>=|\^|~|^)\s*v?(\d+)/.exec(alternative.trim());
    if (!bound) throw new Error(`unparsed engines range "${range}"`);
    return Number(bound[1]);
  }));
}

/**
 * The npm packages src/ imports (static and dynamic), by package name: what the bundle in dist/
 * carries. They are devDependencies (the published package installs nothing), so the lock's
 * `dev` flag no longer tells runtime from tooling; the bundled closure is computed from src/.
 */
function bundledPackages(lock: { packages: Record<string, { dependencies?: Record<string, string> }> }): string[] {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? sources(path.join(dir, name)) : name.endsWith('.ts') ? [path.join(dir, name)] : []));
  const roots = new Set(
    sources(path.join(repoRoot, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('node:'))
        .map((spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')),
    ),
  );
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !lock.packages[`node_modules/${name}`]) continue;
    seen.add(name);
    queue.push(...Object.keys(lock.packages[`node_modules/${name}`]!.dependencies ?? {}));
  }
  return [...seen];
}

describe('package.json engines', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));

  it('asks for at least the Node major every package bundled into dist/ needs', () => {
    const bundled = bundledPackages(lock);
    expect(bundled).toEqual(expect.arrayContaining(['@actions/core', '@azure/storage-blob', '@azure/identity', 'yaml']));
    const runtime = bundled.map((name) => lock.packages[`node_modules/${name}`] as { engines?: { node?: string } }).filter((entry) => entry.engines?.node);
    expect(runtime.length).toBeGreaterThan(10);
    const needed = Math.max(...runtime.map((entry) => lowestMajor(entry.engines!.node!)));
    expect(needed).toBe(20); // @azure/* and @azure/msal-node: >=20
    expect(pkg.engines.node).toBe(`>=${needed}`);
  });

  it('declares no runtime dependencies: dist/ is self-contained, so installing the package fetches nothing else', () => {
    expect(pkg.dependencies).toBeUndefined();
  });

  it('lowestMajor reads the range forms the lock file holds', () => {
    expect(lowestMajor('>=20.0.0')).toBe(20);
    expect(lowestMajor('>= 14.6')).toBe(14);
    expect(lowestMajor('^12.20.0 || ^14.13.1 || >=16.0.0')).toBe(12);
    expect(lowestMajor('>=0.6.11 <=0.7.0 || >=0.7.3')).toBe(0);
    expect(lowestMajor('>=0.8.x')).toBe(0);
  });
});
