import { describe, expect, it } from '@jest/globals';
import { errorRecord } from '../../src/error-record.js';
import { LimitError } from '../../src/errors.js';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { limits } from '../../src/limits.js';
import { runRules } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import type { RuleContext } from '../../src/rules/types.js';
import { contextFromTree } from '../helpers/rule-context.js';
import { debianBase, deprovisioned } from '../data/identity/trees.js';

/**
 * IMAGE-UNREADABLE through the whole registry and the real collectors: a fact subject that
 * cannot be read (a symlink loop is the guest's own corrupt content; a budget exceeded is a
 * LimitError from a collector) is one finding naming the rules it blocked, as severe as the
 * most severe of them, while those rules stay listed as not run.
 */
type OsState = 'generalized' | 'specialized';

/** A guest whose `path` is a symlink loop: reading it is a GuestError (corrupt) naming the path. */
function looped(tree: MemoryTree, path: string): MemoryTree {
  return { ...tree, [path]: { symlink: path } };
}

/** A context whose `subject` failed with a LimitError, as a collector that hit a budget reports it. */
async function overBudget(tree: MemoryTree, osState: OsState): Promise<RuleContext> {
  const ctx = await contextFromTree(tree, { osState });
  const error = new LimitError('guest', 'globFiles', limits.globFiles, `/etc/netplan/*.yaml matches 5000 files (at most ${limits.globFiles} are read)`, { path: '/etc/netplan' });
  delete ctx.facts!.network;
  ctx.facts!.unavailable.push({ subject: 'network', error: errorRecord(error) });
  return ctx;
}

const fromTree = (tree: MemoryTree, osState: OsState) => () => contextFromTree(tree, { osState });

type Case = [name: string, ctx: () => Promise<RuleContext>, expected: { severity: string; message: RegExp; path?: string; fix: RegExp }[]];

describe('IMAGE-UNREADABLE', () => {
  it.each<Case>([
    [
      'generalized, /etc/passwd loops: accounts blocks three error rules',
      fromTree(looped(deprovisioned(), '/etc/passwd'), 'generalized'),
      [
        {
          severity: 'error',
          message: /^The user accounts \(passwd, shadow, authorized_keys, sudoers\) could not be read from the image \(guest layer, corrupt: too many levels of symbolic links resolving \/etc\/passwd .*\), so 3 rules GEN-USER-ACCOUNTS, GEN-AUTHORIZED-KEYS, GEN-ROOT-PASSWORD could not be judged$/,
          fix: /e2fsck -f.*xfs_repair/,
        },
      ],
    ],
    [
      'specialized, /etc/passwd loops: accounts blocks SPEC-LOGIN-PATH (error) and SPEC-NOT-DEPROVISIONED (warning): error',
      fromTree(looped(debianBase(), '/etc/passwd'), 'specialized'),
      [{ severity: 'error', message: /\(guest layer, corrupt: .*\), so 2 rules SPEC-LOGIN-PATH, SPEC-NOT-DEPROVISIONED could not be judged$/, fix: /xfs_repair/ }],
    ],
    [
      'specialized, a budget exceeded under /etc/netplan: the budget and what was found are named',
      () => overBudget(debianBase(), 'specialized'),
      [
        {
          severity: 'error',
          message: /^The network configuration could not be read from the image \(guest layer, budget globFiles: \/etc\/netplan\/\*\.yaml matches 5000 files .*\), so 4 rules NET-DHCP-PRIMARY, NET-MAC-BOUND, NET-IFNAME, NET-UDEV-PERSISTENT could not be judged$/,
          path: '/etc/netplan',
          fix: /budget `globFiles` \(4096\) of src\/limits\.ts was exceeded at \/etc\/netplan/,
        },
      ],
    ],
    ['a guest read in full: nothing to report', fromTree(deprovisioned(), 'generalized'), []],
  ])('%s', async (_name, makeContext, expected) => {
    const ctx = await makeContext();
    const { findings, notRun } = runRules(rules, ctx);
    const unreadable = findings.filter((f) => f.ruleId === 'IMAGE-UNREADABLE');
    expect(unreadable).toHaveLength(expected.length);
    unreadable.forEach((finding, i) => {
      const want = expected[i]!;
      expect(finding.severity).toBe(want.severity);
      expect(finding.message).toMatch(want.message);
      if (want.path) expect(finding.evidence).toEqual([{ path: want.path }]);
      expect(finding.fix).toMatch(want.fix);
      // It leads the findings of its severity, and the blocked rules stay listed as not run.
      expect(findings.find((f) => f.severity === finding.severity)).toBe(finding);
      for (const id of /rules? ([A-Z0-9, -]+) could not be judged/.exec(finding.message)![1]!.split(', ')) {
        expect(notRun.find((n) => n.ruleId === id)?.reason).toMatch(/could not be read from the image \(see IMAGE-UNREADABLE\)$/);
      }
    });
  });

  it.each([
    ['specialized, traces needed only by a warning rule', 'traces', 'specialized', 'warning'],
    ['specialized, waagent needed by a warning and an info rule', 'waagent', 'specialized', 'warning'],
    ['generalized, os-release needed by no rule', 'osRelease', 'generalized', undefined],
  ] as const)('%s', async (_name, subject, osState, severity) => {
    const ctx = await contextFromTree(debianBase(), { osState });
    delete ctx.facts![subject];
    ctx.facts!.unavailable.push({ subject, error: { layer: 'filesystem', kind: 'corrupt', offset: 0x1000, path: '/etc', message: 'bad inode 12' } });
    const found = runRules(rules, ctx).findings.filter((f) => f.ruleId === 'IMAGE-UNREADABLE');
    expect(found.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('no guest root at all: the verdict is "error", not this finding', async () => {
    const ctx = await contextFromTree(deprovisioned(), { osState: 'generalized' });
    const { findings, notRun } = runRules(rules, { ...ctx, facts: undefined });
    expect(findings.filter((f) => f.ruleId === 'IMAGE-UNREADABLE')).toEqual([]);
    expect(notRun.map((n) => n.reason)).toContain('the guest root filesystem could not be read');
  });
});
