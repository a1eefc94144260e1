import { describe, expect, it } from '@jest/globals';
import { judgeConfigs, type CloudInitNetworking, type InForceInputs } from '../../../src/facts/network/in-force.js';
import { ifcfgConfig } from '../../../src/facts/network/ifcfg.js';
import { mergeNetplan, parseNetplan } from '../../../src/facts/network/netplan.js';
import { networkdConfig } from '../../../src/facts/network/networkd.js';
import { nmKeyfileConfig } from '../../../src/facts/network/nm-keyfile.js';
import type { InterfaceConfig, StackId, StackState } from '../../../src/facts/network/types.js';
import { data } from './trees.js';

const NETPLAN_CI = '/etc/netplan/50-cloud-init.yaml';
const IFCFG_CI = '/etc/sysconfig/network-scripts/ifcfg-eth0';

function stacks(...active: StackId[]): StackState[] {
  const all: StackId[] = ['systemd-networkd', 'NetworkManager', 'ifupdown', 'network-scripts', 'wicked'];
  return all.map((id) => ({ id, active: active.includes(id), reason: active.includes(id) ? `${id} enabled` : `${id} disabled` }));
}

const CLOUD_INIT_ON: CloudInitNetworking = { runs: true, networkConfigDisabled: false, reason: 'enabled' };
const CLOUD_INIT_NET_OFF: CloudInitNetworking = { runs: true, networkConfigDisabled: true, reason: 'network: {config: disabled}' };
const CLOUD_INIT_ABSENT: CloudInitNetworking = { runs: false, networkConfigDisabled: undefined, reason: 'not installed' };

function inputs(over: Partial<InForceInputs>): InForceInputs {
  return { stacks: stacks(), netplanInstalled: false, nmReadsIfcfg: false, cloudInit: CLOUD_INIT_ABSENT, generatedPaths: new Set(), ...over };
}

const netplanCloudInit = (): InterfaceConfig[] => mergeNetplan([parseNetplan(data('cloud-init-22.4.2/netplan/etc/netplan/50-cloud-init.yaml'), NETPLAN_CI)]);
const ifcfgCloudInit = (): InterfaceConfig =>
  ifcfgConfig(data('cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0'), IFCFG_CI, 'eth0', 'rhel');
const ifcfgStaticEth0 = (): InterfaceConfig =>
  ifcfgConfig('DEVICE=eth0\nBOOTPROTO=static\nIPADDR=10.0.0.4\nPREFIX=24\nONBOOT=yes\n', '/etc/sysconfig/network-scripts/ifcfg-eth0', 'eth0', 'rhel');

describe('judgeConfigs: the in-force decision', () => {
  it.each([
    {
      name: 'Ubuntu: cloud-init netplan on networkd, cloud-init networking on → in force, MAC-bound, regenerated',
      configs: netplanCloudInit,
      over: { stacks: stacks('systemd-networkd'), netplanInstalled: true, cloudInit: CLOUD_INIT_ON, generatedPaths: new Set([NETPLAN_CI]) },
      expected: { inForce: true, appliesToEth0: false, macBound: true, generated: true, regenerated: true },
    },
    {
      name: 'same file, cloud-init network config disabled → not regenerated',
      configs: netplanCloudInit,
      over: { stacks: stacks('systemd-networkd'), netplanInstalled: true, cloudInit: CLOUD_INIT_NET_OFF, generatedPaths: new Set([NETPLAN_CI]) },
      expected: { inForce: true, macBound: true, generated: true, regenerated: false },
    },
    {
      name: 'netplan YAML without netplan installed → not in force',
      configs: netplanCloudInit,
      over: { stacks: stacks('systemd-networkd'), netplanInstalled: false },
      expected: { inForce: false, reason: /netplan is not installed/ },
    },
    {
      name: 'RHEL ifcfg with NetworkManager running but keyfile-only plugins → not in force',
      configs: () => [ifcfgStaticEth0()],
      over: { stacks: stacks('NetworkManager'), nmReadsIfcfg: false },
      expected: { inForce: false, appliesToEth0: true, reason: /ifcfg-rh/ },
    },
    {
      name: 'RHEL ifcfg with NetworkManager and the ifcfg-rh plugin → in force',
      configs: () => [ifcfgStaticEth0()],
      over: { stacks: stacks('NetworkManager'), nmReadsIfcfg: true },
      expected: { inForce: true, appliesToEth0: true, reason: /read by NetworkManager/ },
    },
    {
      name: 'cloud-init ifcfg (NM_CONTROLLED=no) with NetworkManager only → nothing reads it',
      configs: () => [ifcfgCloudInit()],
      over: { stacks: stacks('NetworkManager'), nmReadsIfcfg: true },
      expected: { inForce: false },
    },
    {
      name: 'cloud-init ifcfg (NM_CONTROLLED=no) with initscripts network.service → in force',
      configs: () => [ifcfgCloudInit()],
      over: { stacks: stacks('network-scripts'), nmReadsIfcfg: true },
      expected: { inForce: true, macBound: true, reason: /network-scripts/ },
    },
    {
      name: 'ifcfg in an image that runs systemd-networkd only → not in force, naming the stack that does not run',
      configs: () => [ifcfgStaticEth0()],
      over: { stacks: stacks('systemd-networkd'), nmReadsIfcfg: true },
      expected: { inForce: false, reason: /network-scripts or NetworkManager does not run at boot/ },
    },
    {
      name: 'boot state unknown → counted in force, saying so',
      configs: () => [ifcfgStaticEth0()],
      over: { stacks: stacks().map((s) => ({ ...s, active: undefined })), nmReadsIfcfg: true },
      expected: { inForce: true, reason: /unknown/ },
    },
  ])('$name', ({ configs, over, expected }) => {
    const [judged] = judgeConfigs(configs(), inputs(over as Partial<InForceInputs>));
    expect(judged!.inForce.inForce).toBe(expected.inForce);
    if ('reason' in expected) expect(judged!.inForce.reason).toMatch(expected.reason as RegExp);
    if ('appliesToEth0' in expected) expect(judged!.azure.appliesToEth0).toBe(expected.appliesToEth0);
    if ('macBound' in expected) expect(judged!.azure.macBound).toBe(expected.macBound);
    if ('generated' in expected) expect(judged!.cloudInit.generated).toBe(expected.generated);
    if ('regenerated' in expected) expect(judged!.cloudInit.regenerated).toBe(expected.regenerated);
  });

  it('systemd-networkd applies the first matching file by name: netplan 10-netplan-* beats a later static .network', () => {
    const netplan = mergeNetplan([parseNetplan('network:\n  ethernets:\n    eth0:\n      dhcp4: true\n', '/etc/netplan/01-eth0.yaml')]);
    const staticFile = networkdConfig('[Match]\nName=eth0\n[Network]\nAddress=10.0.0.4/24\n', '/etc/systemd/network/20-eth0.network', '20-eth0.network');
    const judged = judgeConfigs([...netplan, staticFile], inputs({ stacks: stacks('systemd-networkd'), netplanInstalled: true }));
    expect(judged.map((j) => [j.id, j.inForce.inForce])).toEqual([
      ['eth0', true],
      ['20-eth0.network', false],
    ]);
    expect(judged[1]!.inForce.reason).toMatch(/10-netplan-eth0.network/);
  });

  it('names only predictable names: ens33 config does not apply to eth0 and is flagged as absent on Azure', () => {
    const nm = nmKeyfileConfig('[connection]\nid=ens33\ntype=ethernet\ninterface-name=ens33\n[ipv4]\nmethod=auto\n', '/etc/NetworkManager/system-connections/ens33.nmconnection')!;
    const [judged] = judgeConfigs([nm], inputs({ stacks: stacks('NetworkManager') }));
    expect(judged!.azure).toMatchObject({ appliesToEth0: false, namesOnlyAbsent: true, macBound: false });
  });
});

describe('judgeConfigs: a definition its stack never brings up at boot is not in force', () => {
  const eth0 = (text: string): string => text.replace(/test1/g, 'eth0');
  const SUSE_CI = data('cloud-init-22.4.2/sysconfig-suse/etc/sysconfig/network/ifcfg-eth0');
  it.each([
    {
      name: "ifcfg ONBOOT=no (NetworkManager's ifcfg-rh test file), read by initscripts",
      config: () => ifcfgConfig(data('nm-ifcfg-rh/ifcfg-test-onboot-no'), IFCFG_CI, 'eth0', 'rhel'),
      stacks: stacks('network-scripts'),
      reason: 'read by network-scripts, which runs at boot, but never brought up at boot: ONBOOT=no (line 4)',
    },
    {
      name: 'SUSE STARTMODE=manual',
      config: () => ifcfgConfig(SUSE_CI.replace('STARTMODE=auto', 'STARTMODE=manual'), '/etc/sysconfig/network/ifcfg-eth0', 'eth0', 'suse'),
      stacks: stacks('wicked'),
      reason: 'read by wicked, which runs at boot, but never brought up at boot: STARTMODE=manual (line 5)',
    },
    {
      name: 'SUSE STARTMODE=off',
      config: () => ifcfgConfig(SUSE_CI.replace('STARTMODE=auto', 'STARTMODE=off'), '/etc/sysconfig/network/ifcfg-eth0', 'eth0', 'suse'),
      stacks: stacks('wicked'),
      reason: 'read by wicked, which runs at boot, but never brought up at boot: STARTMODE=off (line 5)',
    },
    {
      name: 'SUSE without STARTMODE (wicked defaults to manual)',
      config: () => ifcfgConfig(SUSE_CI.replace('STARTMODE=auto\n', ''), '/etc/sysconfig/network/ifcfg-eth0', 'eth0', 'suse'),
      stacks: stacks('wicked'),
      reason: 'read by wicked, which runs at boot, but never brought up at boot: no STARTMODE, and wicked defaults to manual',
    },
    {
      name: 'keyfile autoconnect=false written by nmcli --offline',
      config: () => nmKeyfileConfig(data('nmcli-1.42.4/eth0-dhcp-autoconnect-no.nmconnection'), '/etc/NetworkManager/system-connections/eth0.nmconnection')!,
      stacks: stacks('NetworkManager'),
      reason: 'read by NetworkManager, which runs at boot, but never brought up at boot: autoconnect=false (line 5)',
    },
    {
      name: "networkd ActivationPolicy=manual (systemd's test file with its manual.conf drop-in appended, matched to eth0)",
      config: () =>
        networkdConfig(
          eth0(data('systemd-test-network/25-activation-policy.network')) + data('systemd-test-network/25-activation-policy.network.d/manual.conf'),
          '/etc/systemd/network/25-activation-policy.network',
          '25-activation-policy.network',
        ),
      stacks: stacks('systemd-networkd'),
      reason: 'read by systemd-networkd, which runs at boot, but never brought up at boot: ActivationPolicy=manual (line 8)',
    },
    {
      name: "networkd ActivationPolicy=manual from systemd's test drop-in, read as a drop-in",
      config: () =>
        networkdConfig(eth0(data('systemd-test-network/25-activation-policy.network')), '/etc/systemd/network/25-activation-policy.network', '25-activation-policy.network', [
          { path: '/etc/systemd/network/25-activation-policy.network.d/manual.conf', text: data('systemd-test-network/25-activation-policy.network.d/manual.conf') },
        ]),
      stacks: stacks('systemd-networkd'),
      reason: 'read by systemd-networkd, which runs at boot, but never brought up at boot: ActivationPolicy=manual (/etc/systemd/network/25-activation-policy.network.d/manual.conf:2)',
    },
    {
      name: 'networkd ActivationPolicy=down',
      config: () => networkdConfig('[Match]\nName=eth0\n[Network]\nDHCP=yes\n[Link]\nActivationPolicy=down\n', '/etc/systemd/network/10-eth0.network', '10-eth0.network'),
      stacks: stacks('systemd-networkd'),
      reason: 'read by systemd-networkd, which runs at boot, but never brought up at boot: ActivationPolicy=down (line 6)',
    },
    {
      name: 'networkd Unmanaged=yes: networkd leaves the link alone',
      config: () => networkdConfig('[Match]\nName=eth0\n[Network]\nDHCP=yes\n[Link]\nUnmanaged=yes\n', '/etc/systemd/network/10-eth0.network', '10-eth0.network'),
      stacks: stacks('systemd-networkd'),
      reason: 'read by systemd-networkd, which runs at boot, but never brought up at boot: Unmanaged=yes (line 6)',
    },
    {
      name: 'netplan activation-mode: off',
      config: () => mergeNetplan([parseNetplan('network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n      activation-mode: off\n', '/etc/netplan/01-eth0.yaml')])[0]!,
      stacks: stacks('systemd-networkd'),
      netplanInstalled: true,
      reason: 'read by systemd-networkd (netplan renderer networkd), which runs at boot, but never brought up at boot: activation-mode: off (line 6)',
    },
  ])('$name', ({ config, stacks: s, reason, ...rest }) => {
    const [judged] = judgeConfigs([config()], inputs({ stacks: s, netplanInstalled: 'netplanInstalled' in rest }));
    expect(judged!.inForce).toEqual({ inForce: false, reason });
  });

  it.each([
    ['ActivationPolicy=up', '[Link]\nActivationPolicy=up\n'],
    ['ActivationPolicy=bound', '[Link]\nActivationPolicy=bound\n'],
    ['no [Link] section', ''],
  ])('networkd %s still brings eth0 up', (_name, link) => {
    const config = networkdConfig(`[Match]\nName=eth0\n[Network]\nDHCP=yes\n${link}`, '/etc/systemd/network/10-eth0.network', '10-eth0.network');
    expect(judgeConfigs([config], inputs({ stacks: stacks('systemd-networkd') }))[0]!.inForce.inForce).toBe(true);
  });

  it('networkd still picks the first matching file by name even when that file leaves the link down', () => {
    const manual = networkdConfig('[Match]\nName=eth0\n[Network]\nDHCP=yes\n[Link]\nActivationPolicy=manual\n', '/etc/systemd/network/10-eth0.network', '10-eth0.network');
    const later = networkdConfig('[Match]\nName=eth0\n[Network]\nDHCP=yes\n', '/etc/systemd/network/20-eth0.network', '20-eth0.network');
    const judged = judgeConfigs([manual, later], inputs({ stacks: stacks('systemd-networkd') }));
    expect(judged.map((j) => j.inForce.inForce)).toEqual([false, false]);
    expect(judged[1]!.inForce.reason).toMatch(/applies 10-eth0.network to eth0 first/);
  });
});
