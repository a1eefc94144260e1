import { describe, expect, it } from '@jest/globals';
import { SPEC_SSHD_KEYGEN } from '../../src/rules/SPEC-SSHD-KEYGEN.js';
import { packageTree } from '../data/agents/tree.js';
import { runRuleOn, SSH_ENABLED, usedVm, without } from '../data/identity/trees.js';

/** A used VM whose host keys were deleted (e.g. by waagent -deprovision) but that is registered as specialized. */
const noKeys = () => without(usedVm(), '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_ed25519_key.pub');
/** The links deb-systemd-helper makes when cloud-init's Debian package is installed (cloud-init.target pulls them; its generator pulls the target). */
const cloudInitEnabled = Object.fromEntries(
  ['cloud-init-local.service', 'cloud-init.service', 'cloud-config.service', 'cloud-final.service'].map((unit) => [
    `/etc/systemd/system/cloud-init.target.wants/${unit}`,
    { symlink: `/lib/systemd/system/${unit}` },
  ]),
);
const FAIL = 'error sshd starts at boot (sshd.service, ssh.service) but none of its host keys exists and nothing generates them (no sshd-keygen unit, cloud-init not enabled)';

describe('SPEC-SSHD-KEYGEN', () => {
  it.each([
    ['keys deleted, Debian ssh.service only', noKeys(), [FAIL]],
    ['only the public half left', { ...noKeys(), '/etc/ssh/ssh_host_rsa_key.pub': 'ssh-rsa AAAA x' }, [FAIL]],
    ['host keys present', usedVm(), []],
    ['keys only where HostKey does not point', { ...usedVm(), '/etc/ssh/sshd_config.d/10-keys.conf': 'HostKey /etc/ssh/keys/host_ed25519\n' }, [FAIL]],
    ['HostKey pointing at an existing key', { ...noKeys(), '/etc/ssh/sshd_config.d/10-keys.conf': 'HostKey /etc/ssh/keys/host_ed25519\n', '/etc/ssh/keys/host_ed25519': 'private key placeholder' }, []],
    ['RHEL-style sshd-keygen@.service', { ...noKeys(), '/usr/lib/systemd/system/sshd-keygen@.service': '[Unit]\nDescription=OpenSSH %i Server Key Generation\n' }, []],
    ['cloud-init installed and enabled (real Debian 12 package files)', { ...noKeys(), ...packageTree('cloud-init'), ...cloudInitEnabled }, []],
    ['cloud-init installed but disabled by /etc/cloud/cloud-init.disabled', { ...noKeys(), ...packageTree('cloud-init'), ...cloudInitEnabled, '/etc/cloud/cloud-init.disabled': '' }, [FAIL]],
    ['sshd not started at boot (SPEC-SSHD-ENABLED reports it)', without(noKeys(), ...Object.keys(SSH_ENABLED)), []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(SPEC_SSHD_KEYGEN, tree, 'specialized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });
});
