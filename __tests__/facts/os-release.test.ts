import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectOsRelease, parseOsRelease } from '../../src/facts/os-release.js';
import { corpusPath } from '../helpers/corpus.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const corpus = corpusPath('os-release');

function tsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header!.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((v, k) => [cols[k]!, v])));
}

/** A distro tree from the corpus, with upstream symlinks (materialised there as copies) turned back into symlinks. */
function distroTree(dir: string, links: Record<string, string>[]): MemoryTree {
  const tree: MemoryTree = {};
  const walk = (host: string, guest: string): void => {
    for (const name of readdirSync(host)) {
      const h = join(host, name);
      if (statSync(h).isDirectory()) walk(h, `${guest}/${name}`);
      else tree[`${guest}/${name}`] = readFileSync(h);
    }
  };
  walk(join(corpus, dir), '');
  for (const link of links.filter((l) => l.distro_dir === dir)) tree[`/${link.path}`] = { symlink: link.upstream_symlink_target! };
  return tree;
}

const index = tsv(join(corpus, 'index.tsv'));
const symlinks = tsv(join(corpus, 'symlinks.tsv'));

describe('collectOsRelease over python-distro test trees', () => {
  it('covers every tree of the corpus', () => {
    expect(index.length).toBeGreaterThanOrEqual(60);
  });

  it.each(index.map((row) => [row.distro_dir!, row] as const))('%s', async (dir, row) => {
    const facts = await collectOsRelease(memoryGuest(distroTree(dir, symlinks)));
    if (row.os_release_source!.startsWith('(none')) {
      expect(facts.source).toBeUndefined();
      expect(facts.id).toBeUndefined();
      return;
    }
    expect(facts.source).toBe(`/${row.os_release_source}`);
    expect(facts.id ?? '').toBe(row.ID);
    expect(facts.versionId ?? '').toBe(row.VERSION_ID);
    expect(facts.prettyName ?? '').toBe(row.PRETTY_NAME);
  });
});

describe('parseOsRelease', () => {
  it('splits ID_LIKE and keeps every field', () => {
    const facts = parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPLATFORM_ID="platform:el9"\n');
    expect(facts.idLike).toEqual(['rhel', 'centos', 'fedora']);
    expect(facts.fields.PLATFORM_ID).toBe('platform:el9');
  });
});
