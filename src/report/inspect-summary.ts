import { describeCredentials, hasCredentials } from '../facts/accounts/credentials.js';
import type { Facts } from '../facts/index.js';
import type { SshdValue } from '../facts/sshd/effective.js';

/**
 * The human summary `vhd-gate inspect` prints for the guest: OS, the two provisioning agents
 * and how they are set, SSH and who can log in, and the network as the image will bring it
 * up. Every line names the file (and line) it comes from; `--format json` has all facts.
 */
export function guestSummaryLines(facts: Facts): string[] {
  return [...osLines(facts), '', ...bootLines(facts), '', ...agentLines(facts), '', ...loginLines(facts), '', ...networkLines(facts)];
}

function osLines(facts: Facts): string[] {
  const os = facts.osRelease;
  if (!os) return ['OS: not collected'];
  const name = os.prettyName ?? ([os.name, os.versionId].filter(Boolean).join(' ') || 'unknown');
  return [`OS: ${name}${os.id ? ` (id ${os.id}${os.versionId ? `, version ${os.versionId}` : ''})` : ''}${os.source ? ` from ${os.source}` : ''}`];
}

function bootLines(facts: Facts): string[] {
  const boot = facts.boot;
  if (!boot) return ['Boot: not collected'];
  if (!boot.default) return [`Boot: no boot entry found (${boot.entries.length} entries)`];
  const d = boot.default;
  const others = boot.entries.filter((e) => e !== d);
  return [
    `Boot: ${d.label} from ${d.path}${d.line === undefined ? '' : ` line ${d.line}`}, default because ${boot.defaultReason ?? 'it is the only entry'}`,
    `  kernel ${d.kernel}${d.version ? ` (${d.version})` : ''}`,
    `  initrd ${d.initrds.length > 0 ? d.initrds.join(', ') : 'none'}`,
    ...others.map((e) => `  also: ${e.label} -> ${e.kernel}`),
  ];
}

function agentLines(facts: Facts): string[] {
  const lines = ['Provisioning agents'];
  const wa = facts.waagent;
  if (!wa) lines.push('  waagent: not collected');
  else if (!wa.installed) lines.push('  waagent: not installed');
  else {
    const unit = wa.unit ? `${wa.unit.name} ${wa.boot?.atBoot ? 'starts at boot' : `does not start at boot (${wa.unit.state})`}` : 'no unit';
    lines.push(`  waagent ${wa.version?.value ?? '(version unknown)'}: installed, ${unit}`);
    const setting = (key: string) => wa.effective.find((e) => e.key === key);
    for (const key of ['Provisioning.Agent', 'Lib.Dir', 'Provisioning.RegenerateSshHostKeyPair', 'Provisioning.DeleteRootPassword', 'ResourceDisk.Format', 'ResourceDisk.EnableSwap']) {
      const s = setting(key);
      if (s) lines.push(`    ${s.key} = ${s.value}  (${s.from})`);
    }
    lines.push(`    provisioned marker ${wa.provisionedMarker.path}: ${wa.provisionedMarker.present ? 'present' : 'absent'}`);
    if (!wa.conf.present) lines.push(`    ${wa.conf.path}: missing${wa.conf.loadError ? ` (${wa.conf.loadError})` : ''}`);
    for (const dead of wa.deadKeys) lines.push(`    ignored by the agent: ${dead.key} (${wa.conf.path}:${dead.line})`);
  }
  const ci = facts.cloudInit;
  if (!ci) lines.push('  cloud-init: not collected');
  else if (!ci.installed) lines.push('  cloud-init: not installed');
  else {
    const state = ci.enabled ? 'runs at boot' : `does not run at boot${ci.disabledBy.length ? ` (${ci.disabledBy.map((d) => d.detail).join('; ')})` : ''}`;
    lines.push(`  cloud-init ${ci.version?.value ?? '(version unknown)'}: installed, ${state}`);
    const ds = ci.datasource;
    const where = ds.cloudInitOrigin ? `  (${ds.cloudInitOrigin.path}:${ds.cloudInitOrigin.line})` : '';
    lines.push(`    datasource_list = ${ds.cloudInit ? `[ ${ds.cloudInit.join(', ')} ]${where}` : "unset (cloud-init's built-in list, Azure included)"}`);
    if (ds.differ) lines.push(`    ds-identify reads it differently: [ ${ds.dsIdentify.list.join(', ')} ]`);
    lines.push(`    network configuration: ${ci.networkConfigDisabled.length ? `disabled (${ci.networkConfigDisabled.map((o) => `${o.path}:${o.line}`).join(', ')})` : 'managed by cloud-init'}`);
    if (ci.staleSeeds.length) lines.push(`    NoCloud seeds: ${ci.staleSeeds.map((s) => s.path).join(', ')}`);
    if (ci.installerLeftovers.length) lines.push(`    installer leftovers: ${ci.installerLeftovers.join(', ')}`);
  }
  return lines;
}

function sshSetting(name: string, v: SshdValue<unknown>): string {
  const value = Array.isArray(v.value) ? (v.value.length ? v.value.join(' ') : '(none)') : typeof v.value === 'boolean' ? (v.value ? 'yes' : 'no') : String(v.value);
  return `${name} ${value}${v.source ? `  (${v.source.path}:${v.source.line})` : '  (default)'}`;
}

function loginLines(facts: Facts): string[] {
  const lines = ['SSH and accounts'];
  const sshd = facts.sshd;
  if (!sshd) lines.push('  sshd: not collected');
  else {
    lines.push(`  sshd: ${sshd.daemonPath ? `installed (${sshd.daemonPath})` : 'no sshd binary found'}, ${sshd.enabledAtBoot ? 'starts at boot' : 'does not start at boot'}`);
    for (const u of sshd.units) lines.push(`    ${u.unit}: ${u.reason}`);
    const s = sshd.settings;
    lines.push(`    ${sshSetting('PasswordAuthentication', s.passwordAuthentication)}`);
    lines.push(`    ${sshSetting('PubkeyAuthentication', s.pubkeyAuthentication)}`);
    lines.push(`    ${sshSetting('PermitRootLogin', s.permitRootLogin)}`);
    lines.push(`    host keys: ${sshd.hostKeys.length ? `${sshd.hostKeys.length} files in /etc/ssh` : 'none'}${sshd.keyGenerator ? `; generator ${sshd.keyGenerator}` : ''}`);
  }
  const accounts = facts.accounts;
  if (!accounts) lines.push('  accounts: not collected');
  else {
    const withCredentials = accounts.accounts.filter(hasCredentials);
    lines.push(`  accounts with a password or SSH key:${withCredentials.length ? '' : ' none'}`);
    for (const a of withCredentials) lines.push(`    ${describeCredentials(a)}`);
  }
  return lines;
}

function networkLines(facts: Facts): string[] {
  const net = facts.network;
  if (!net) return ['Network: not collected'];
  const lines = ['Network'];
  const active = net.stacks.filter((s) => s.active).map((s) => s.id);
  lines.push(`  stacks that start at boot: ${active.length ? active.join(', ') : 'none'}`);
  if (net.cloudInit.regenerates) lines.push('  cloud-init writes the network configuration for each new instance');
  for (const i of net.interfaces) {
    const addressing = i.staticIpv4.length ? `static ${i.staticIpv4.join(', ')}` : i.ipv4;
    lines.push(`  ${i.path}:${i.line} ${i.id}: ${addressing}; ${i.inForce.inForce ? 'in force' : 'not in force'} (${i.inForce.reason}); ${i.azure.reason}`);
  }
  for (const b of net.persistentNames) lines.push(`  ${b.path}:${b.line} binds ${b.name} to ${b.mac}`);
  return lines;
}
