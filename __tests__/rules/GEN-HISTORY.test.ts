import { describe, expect, it } from '@jest/globals';
import { GEN_HISTORY } from '../../src/rules/GEN-HISTORY.js';
import { deprovisioned, runRuleOn } from '../data/identity/trees.js';

describe('GEN-HISTORY', () => {
  it.each([
    ['root bash history', { ...deprovisioned(), '/root/.bash_history': 'export TOKEN=secret\n' }, ['warning /root/.bash_history (20 bytes)']],
    ['a large user history and a python history', { ...deprovisioned(), '/home/alice/.bash_history': 'ls\n'.repeat(400), '/home/alice/.python_history': 'import os\n' },
      ['warning /home/alice/.bash_history (1200 bytes, over the Marketplace 1 KB limit)', 'warning /home/alice/.python_history (10 bytes)']],
    ['emptied history', { ...deprovisioned(), '/root/.bash_history': '' }, []],
    ['nothing', deprovisioned(), []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_HISTORY, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
    expect(JSON.stringify(findings)).not.toContain('TOKEN');
  });
});
