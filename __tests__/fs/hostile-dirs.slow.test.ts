import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LimitError } from '../../src/errors.js';
import { ExtFilesystem } from '../../src/fs/ext/ext-fs.js';
import type { Filesystem, FsNode } from '../../src/fs/types.js';
import { XfsFilesystem } from '../../src/fs/xfs/xfs-fs.js';
import { checkImage } from '../../src/inspect.js';
import { limits } from '../../src/limits.js';
import { tempDir } from '../cli/entry-helpers.js';
import { generalizedV2, withinTime } from '../robustness/outcome.js';
import { gzBytes, gzImage, repoRoot } from './helpers/images.js';

/**
 * Whole-disk ext4 (htree and linear) and XFS (node format) images whose /etc holds 250,005
 * entries, made by scripts/fixtures/hostile-fs.sh with the real tools. Every lookup the fact
 * collectors make lands in that directory; before the lookup index, each one re-read it (the
 * check ran for minutes). Lookups must be right and cheap; listing it is a "dirEntries" limit.
 */
const dir = path.join(repoRoot, '__tests__/fixtures/hostile');
const images = [
  { name: 'ext4-htree-250k', open: ExtFilesystem.open },
  { name: 'ext4-linear-250k', open: ExtFilesystem.open },
  { name: 'xfs-node-250k', open: XfsFilesystem.open },
] as const;
const scratch = tempDir('hostile-dirs');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the kernel saw on a loop mount, from NAME.seen.txt. */
function seen(name: string, what: string): string {
  const line = readFileSync(path.join(dir, `${name}.seen.txt`), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${what}: `));
  if (line === undefined) throw new Error(`${name}.seen.txt has no "${what}" line`);
  return line.slice(what.length + 2);
}

describe.each(images)('$name: /etc with 250,005 entries', ({ name, open }) => {
  let fs: Filesystem;
  let etc: FsNode;

  it('the kernel saw 250,005 entries in /etc', () => {
    expect(seen(name, 'kernel ls -A /etc | wc -l')).toBe('250005');
  });

  it('looks up names as the kernel does: the guest files, every 499th link, and misses', async () => {
    fs = await open(gzImage(path.join(dir, `${name}.img.gz`)));
    etc = (await fs.lookup(await fs.root(), 'etc'))!;
    expect(etc.type).toBe('dir');
    const passwd = await fs.lookup(etc, 'passwd');
    expect(`${passwd?.type === 'file' ? 'regular file' : passwd?.type} ${passwd?.size}`).toBe(seen(name, 'kernel stat /etc/passwd'));
    expect(new TextDecoder().decode(await fs.readFile(passwd!, 4096))).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect((await fs.lookup(etc, 'e123456'))?.size).toBe(0);
    for (let i = 0; i < 250_000; i += 499) expect((await fs.lookup(etc, `e${String(i).padStart(6, '0')}`))?.type).toBe('file');
    for (const missing of ['e250000', 'e-1', 'passwd-', 'PASSWD', 'e12345']) expect(await fs.lookup(etc, missing)).toBeUndefined();
  });

  it('listing /etc is a dirEntries limit naming the layer and an offset', async () => {
    const error = await fs.readdir(etc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ layer: 'filesystem', kind: 'limit', budget: 'dirEntries', limit: limits.dirEntries });
    expect((error as LimitError).offset).toEqual(expect.any(Number));
    expect((error as LimitError).message).toMatch(/directory has more than 100000 entries to list/);
  });

  it('the whole check ends with a verdict, not a hang', async () => {
    const image = path.join(scratch, `${name}.img`);
    writeFileSync(image, gzBytes(path.join(dir, `${name}.img.gz`)));
    const result = await withinTime(() => checkImage({ image, intent: generalizedV2, failOn: 'error' }), 30_000);
    expect(result.guestError).toBeUndefined();
    expect(result.facts).toBeDefined();
    rmSync(image);
  });
});
