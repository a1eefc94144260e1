import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { categoryEffects, effectOf, ruleEffects } from '../../src/predict/outcomes.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot } from '../cli/entry-helpers.js';

/** The mapping from rules to what Azure does is data: every registered rule must be in it, and docs/prediction.md must show it. */
describe('rule effects', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/prediction.md'), 'utf8');

  it.each(rules.map((r) => [r.id]))('%s has an effect for both OS states (its own entry or its category)', (id) => {
    expect(effectOf(id, 'generalized')).toBeDefined();
    expect(effectOf(id, 'specialized')).toBeDefined();
  });

  it('every rule entry names a registered rule, and docs/prediction.md lists it', () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const id of Object.keys(ruleEffects)) {
      expect([id, ids.has(id)]).toEqual([id, true]);
      expect([id, doc.includes(id)]).toEqual([id, true]);
    }
    for (const c of categoryEffects) expect([c.prefix, doc.includes(`| ${c.prefix} |`)]).toEqual([c.prefix, true]);
  });

  it('an entry wins over its category; network rules differ by OS state', () => {
    expect(effectOf('GEN-WAAGENT-MARKER', 'generalized')).toMatchObject({ effect: 'provisioning-failure', by: 'rule' });
    expect(effectOf('GEN-HISTORY', 'generalized')).toMatchObject({ effect: 'none', by: 'category' });
    expect(effectOf('BOOT-HYBRID', 'generalized')?.effect).toBe('none');
    expect(effectOf('BOOT-GEN2-ESP', 'generalized')?.effect).toBe('does-not-boot');
    expect(effectOf('NET-MAC-BOUND', 'generalized')?.effect).toBe('provisioning-timeout');
    expect(effectOf('NET-MAC-BOUND', 'specialized')?.effect).toBe('unreachable');
    expect(effectOf('SPEC-NOT-DEPROVISIONED', 'specialized')?.countsWarnings).toBe(true);
    expect(effectOf('NO-SUCH-CATEGORY', 'generalized')).toBeUndefined();
  });
});
