import { describe, expect, it } from '@jest/globals';
import { GEN_MACHINE_ID } from '../../src/rules/GEN-MACHINE-ID.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

const ID = '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n';

describe('GEN-MACHINE-ID', () => {
  it.each([
    ['populated /etc/machine-id', usedVm(), ['error /etc/machine-id holds a machine ID (32 hex digits): every VM would share it']],
    ['populated dbus copy as a regular file', { ...deprovisioned(), '/var/lib/dbus/machine-id': ID }, ['error /var/lib/dbus/machine-id holds a machine ID (32 hex digits): every VM would share it']],
    ['dbus symlink to a populated /etc/machine-id counts once', { ...usedVm(), '/var/lib/dbus/machine-id': { symlink: '/etc/machine-id' } }, ['error /etc/machine-id holds a machine ID (32 hex digits): every VM would share it']],
    ['garbage', { ...deprovisioned(), '/etc/machine-id': 'not-an-id\n' }, ['warning /etc/machine-id is neither empty, "uninitialized" nor a machine ID']],
    ['empty (truncate -s 0)', deprovisioned(), []],
    ['uninitialized (cloud-init clean --machine-id)', { ...deprovisioned(), '/etc/machine-id': 'uninitialized\n' }, []],
    ['absent', { ...deprovisioned(), '/etc/machine-id': { dir: true as const } }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_MACHINE_ID, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
    expect(JSON.stringify(findings)).not.toContain('4a3f0c5e');
  });
});
