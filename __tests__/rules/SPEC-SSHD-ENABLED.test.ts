import { describe, expect, it } from '@jest/globals';
import type { OsState } from '../../src/intent/types.js';
import { SPEC_SSHD_ENABLED } from '../../src/rules/SPEC-SSHD-ENABLED.js';
import { SSH_ENABLED, usedVm, runRuleOn, without } from '../data/identity/trees.js';

const disabled = () => without(usedVm(), ...Object.keys(SSH_ENABLED));

describe('SPEC-SSHD-ENABLED', () => {
  it.each([
    ['enabled ssh.service', 'specialized', usedVm(), []],
    ['socket-activated', 'specialized', { ...disabled(), '/etc/systemd/system/sockets.target.wants/ssh.socket': { symlink: '/lib/systemd/system/ssh.socket' } }, []],
    ['installed, never enabled', 'specialized', disabled(), ['error sshd is installed but not started at boot']],
    ['masked', 'specialized', { ...usedVm(), '/etc/systemd/system/ssh.service': { symlink: '/dev/null' } }, ['error sshd is installed but not started at boot']],
    ['not installed', 'specialized', without(disabled(), '/usr/sbin/sshd'), ['error No SSH server is installed (no /usr/sbin/sshd)']],
    ['not enabled, generalized', 'generalized', disabled(), ['warning sshd is installed but not started at boot']],
  ])('%s (%s)', async (_name, osState, tree, expected) => {
    const { findings } = await runRuleOn(SPEC_SSHD_ENABLED, tree, osState as OsState);
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('explains each unit', async () => {
    const { findings } = await runRuleOn(SPEC_SSHD_ENABLED, disabled(), 'specialized');
    expect(findings[0]!.evidence.map((e) => e.detail)).toContain('ssh.service: ssh.service is disabled and nothing started from graphical.target pulls it in');
  });
});
