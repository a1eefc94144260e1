"""Writes waagent-expected.json: how the real agent (azurelinuxagent.common.conf, from the
Debian 12 waagent 2.7.3.0 package) reads every waagent.conf of __tests__/corpus/waagent.

Usage (from the repo root, with the package unpacked by `dpkg-deb -x waagent_*.deb ROOT`):
    python3 __tests__/data/agents/waagent-oracle.py ROOT/usr/lib/python3/dist-packages
"""
import glob, json, os, sys

sys.path.insert(0, sys.argv[1])
from azurelinuxagent.common.conf import ConfigurationProvider  # noqa: E402

# kind of each key the gate evaluates: must match WAAGENT_KEYS in src/facts/waagent/conf.ts
KEYS = {
    'Provisioning.Agent': ('string', 'auto'), 'Provisioning.RegenerateSshHostKeyPair': ('switch', False),
    'Provisioning.DeleteRootPassword': ('switch', False), 'Provisioning.SshHostKeyPairType': ('string', 'rsa'),
    'Provisioning.PasswordCryptId': ('string', '6'), 'Provisioning.PasswordCryptSaltLength': ('int', 10),
    'Provisioning.MonitorHostName': ('switch', False), 'Provisioning.DecodeCustomData': ('switch', False),
    'Provisioning.ExecuteCustomData': ('switch', False), 'Provisioning.AllowResetSysUser': ('switch', False),
    'ResourceDisk.Format': ('switch', False), 'ResourceDisk.EnableSwap': ('switch', False),
    'ResourceDisk.EnableSwapEncryption': ('switch', False), 'ResourceDisk.SwapSizeMB': ('int', 0),
    'ResourceDisk.Filesystem': ('string', 'ext3'), 'ResourceDisk.MountPoint': ('string', '/mnt/resource'),
    'Lib.Dir': ('string', '/var/lib/waagent'), 'OS.SshDir': ('string', '/etc/ssh'),
    'OS.SudoersDir': ('string', '/etc/sudoers.d'), 'OS.PasswordPath': ('string', '/etc/shadow'),
    'OS.HomeDir': ('string', '/home'), 'OS.SshClientAliveInterval': ('int', 180),
    'OS.EnableFirewall': ('switch', False), 'OS.RemovePersistentNetRulesPeriod': ('int', 30),
    'Extensions.Enabled': ('switch', True), 'Extensions.WaitForCloudInit': ('switch', False),
    'AutoUpdate.Enabled': ('switch', True),
}

corpus = os.path.join(os.path.dirname(__file__), '../../corpus/waagent/waagent.conf')
out = {}
for path in sorted(glob.glob(os.path.join(corpus, '*'))):
    conf = ConfigurationProvider()
    with open(path, encoding='utf-8') as f:
        conf.load(f.read())
    getters = {'string': conf.get, 'switch': conf.get_switch, 'int': conf.get_int}
    out[os.path.basename(path)] = {
        'values': conf.values,
        'effective': {k: getters[kind](k, default) for k, (kind, default) in KEYS.items()},
    }
with open(os.path.join(os.path.dirname(__file__), 'waagent-expected.json'), 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write('\n')
