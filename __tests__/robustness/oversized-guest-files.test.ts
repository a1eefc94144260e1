import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { checkImage } from '../../src/inspect.js';
import { limits } from '../../src/limits.js';
import type { CheckResult } from '../../src/model.js';
import { rules } from '../../src/rules/index.js';
import { OVERSIZED, oversizedImage } from './oversized-guest-files.js';

/**
 * A real ext4 guest (made by debugfs, scripts/fixtures/oversized.sh) whose passwd, shadow and
 * grub.cfg are far beyond any real size. Before the guest budgets the gate read their first
 * MiB and passed; now the subjects that needed them are unavailable with a typed limit record
 * naming the file and the budget, every rule that needed them is reported as not judged, and
 * IMAGE-UNREADABLE makes the verdict fail (the image without them passes G/V2).
 */
let image: string;
let result: CheckResult;

beforeAll(async () => {
  image = oversizedImage();
  result = await checkImage({
    image,
    intent: { osState: 'generalized', hyperVGeneration: 'V2', sources: { osState: 'test', hyperVGeneration: 'test' } },
    failOn: 'error',
  });
});
afterAll(() => rmSync(path.dirname(image), { recursive: true, force: true }));

describe('oversized guest files in a real ext4 image', () => {
  it('accounts is unavailable: /etc/passwd (200 MB) exceeds fileBytes, read without touching its content', () => {
    expect(result.facts?.accounts).toBeUndefined();
    expect(result.facts?.unavailable.find((u) => u.subject === 'accounts')?.error).toEqual({
      layer: 'guest',
      kind: 'limit',
      offset: null,
      path: OVERSIZED.passwd.path,
      budget: { name: 'fileBytes', limit: limits.fileBytes },
      message: `a file of ${OVERSIZED.passwd.size} bytes exceeds the fileBytes budget of ${limits.fileBytes}`,
    });
  });

  it('kernelCmdline is unavailable: /boot/grub/grub.cfg (100 MB) exceeds fileBytes', () => {
    expect(result.facts?.unavailable.find((u) => u.subject === 'kernelCmdline')?.error).toMatchObject({
      kind: 'limit',
      path: OVERSIZED.grubCfg.path,
      budget: { name: 'fileBytes' },
    });
  });

  it('every applicable rule that needs accounts or the kernel command line is not run, and nothing was judged from a prefix', () => {
    const blocked = rules.filter((r) => r.applies(result.intent) && r.needs.some((s) => s === 'accounts' || s === 'kernelCmdline')).map((r) => r.id);
    expect(blocked.length).toBeGreaterThan(3);
    expect(result.notRun.filter((n) => !n.undeclared?.length).map((n) => n.ruleId).sort()).toEqual([...blocked].sort());
    for (const id of blocked) expect(result.findings.filter((f) => f.ruleId === id)).toEqual([]);
  });

  it('IMAGE-UNREADABLE names each file and the budget, and the verdict is fail, not pass', () => {
    const unreadable = result.findings.filter((f) => f.ruleId === 'IMAGE-UNREADABLE');
    expect(unreadable.map((f) => f.evidence[0]?.path).sort()).toEqual([OVERSIZED.grubCfg.path, OVERSIZED.passwd.path]);
    for (const f of unreadable) {
      expect(f.severity).toBe('error');
      expect(f.message).toContain('budget fileBytes');
    }
    expect(result.verdict).toBe('fail');
  });

  it('the rest of the guest is still judged (os-release, sshd, network)', () => {
    expect(result.facts?.osRelease?.id).toBe('ubuntu');
    expect(result.facts?.sshd).toBeDefined();
    expect(result.facts?.network).toBeDefined();
  });
});
