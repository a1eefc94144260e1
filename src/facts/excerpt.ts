/**
 * The one place evidence excerpts of guest files are made. A configuration line can hold a
 * secret beside the setting a rule quotes (`{datasource_list: [Azure], password: x}`, a wifi
 * `psk=`, a shadow hash, a private key pasted into YAML), so an excerpt is built from an
 * allow-list, never by printing the line: the line is read as `key=value` / `key: value` /
 * `keyword args` / udev `KEY=="value"` pairs (and YAML flow mappings), every key is kept, a
 * value is kept only when its key is one the rules need (datasource_list, BOOTPROTO, dhcp4,
 * macaddress, Provisioning.Agent, ...), and any other value is shown as `<hidden>`. A value
 * that looks like a secret (a crypt hash, a PEM block, a long base64 run) is hidden whatever its
 * key; a line that is not a setting (a comment, a bare list item, a key body) is not shown.
 */
import { hiddenValue, isSecretKey, looksSecret, maskSecrets } from './secrets.js';

export { hiddenValue };

/** Longest excerpt, as evidence wants. */
const maxLength = 120;

/**
 * Keys (case-insensitive) whose values the rules quote. Grouped by where they occur; a key
 * allowed in one syntax is allowed in all, which is harmless because none names a secret.
 */
const allowedKeys = new Set(
  [
    // cloud-init cloud.cfg, ds-identify.cfg, kernel command line
    'datasource_list', 'datasource', 'network', 'config', 'policy', 'manual_cache_clean', 'renderers',
    'ds', 'ci.ds', 'ci.datasource', 'net.ifnames', 'biosdevname',
    'cloud-init', 'disable_network_activation',
    // netplan
    'version', 'renderer', 'ethernets', 'bonds', 'bridges', 'vlans', 'dhcp4', 'dhcp6', 'dhcp-identifier', 'match',
    'macaddress', 'name', 'driver', 'set-name', 'addresses', 'gateway4', 'gateway6', 'optional', 'activation-mode',
    'interfaces', 'link', 'id', 'accept-ra', 'link-local', 'mtu',
    // systemd-networkd .network/.link
    'macaddresspolicy', 'namepolicy', 'dhcp', 'address', 'gateway', 'activationpolicy', 'requiredforonline',
    'permanentmacaddress', 'originalname', 'type', 'kind', 'bridge', 'bond', 'unmanaged',
    // ifcfg (RHEL, SUSE)
    'device', 'bootproto', 'onboot', 'startmode', 'hwaddr', 'macaddr', 'ipaddr', 'netmask', 'prefix', 'nm_controlled',
    'master', 'slave', 'team_master', 'bonding_master', 'devicetype', 'ovs_bridge', 'ovsbootproto', 'defroute', 'ipv6init', 'persistent_dhclient', 'dhclient_set_hostname', 'ipv6_autoconf', 'ipv6_defaultgw',
    // NetworkManager keyfile
    'interface-name', 'mac-address', 'cloned-mac-address', 'method', 'autoconnect', 'uuid', 'slave-type', 'port-type',
    'controller', 'may-fail', 'address1', 'address2', 'no-auto-default', 'mac-address-blacklist', 'mac-address-denylist',
    'unmanaged-devices', 'plugins', 'managed',
    // ifupdown
    'auto', 'allow-hotplug', 'iface', 'hwaddress', 'source', 'source-directory', 'bridge-ports', 'bond-master', 'bond-slaves',
    'bond_master', 'bond_slaves',
    'mapping',
    // udev rules
    'subsystem', 'action', 'drivers', 'attr{address}', 'attr{dev_id}', 'attr{type}', 'kernel',
    // sshd_config
    'passwordauthentication', 'pubkeyauthentication', 'permitrootlogin', 'kbdinteractiveauthentication',
    'challengeresponseauthentication', 'authorizedkeysfile', 'usepam', 'include', 'clientaliveinterval',
    'ssh_pwauth', 'disable_root',
    // modprobe.d, dracut.conf, initramfs-tools (module names and no-op commands)
    'blacklist', 'install', 'alias', 'add_drivers', 'force_drivers', 'omit_drivers', 'hostonly', 'hostonly_mode', 'modules',
  ].map((k) => k.toLowerCase()),
);

/** waagent.conf settings: `Provisioning.Agent`, `ResourceDisk.Format`, ... (none holds a secret). */
const allowedKeyPattern = /^(Provisioning|ResourceDisk|Logs|OS|AutoUpdate|Extensions|Lib|CGroups|EnableOverProvisioning|DetectScvmmEnv|Role)(\.[A-Za-z]+)*$/i;

/** Kernel build options in /boot/config-<version> (`CONFIG_HYPERV=m`). */
const kconfigOption = /^CONFIG_[A-Z0-9_]+$/;

/** True when the rules may quote this key's value. */
export function isAllowedKey(key: string): boolean {
  const k = key.trim().replace(/^["']|["']$/g, '');
  return (allowedKeys.has(k.toLowerCase()) || allowedKeyPattern.test(k) || kconfigOption.test(k)) && !isSecretKey(k);
}

/** One line of a configuration file as evidence: settings on the allow-list, everything else masked. */
export function excerptOf(line: string): string {
  const text = stripComment(line.trim());
  if (text === '') return line.trim().startsWith('#') ? '# (comment)' : '';
  const rebuilt = sectionHeader(text) ?? addressItem(text) ?? udevPairs(text) ?? assignment(text) ?? yamlLine(text) ?? words(text) ?? hiddenValue;
  // Keys are shown too, so the whole excerpt is checked for secret shapes once more.
  if (looksSecret(rebuilt)) return hiddenValue;
  // Nothing hidden: the line as written (its spacing and quoting), without its comment.
  const excerpt = rebuilt.includes(hiddenValue) ? rebuilt : text;
  return excerpt.length > maxLength ? `${excerpt.slice(0, maxLength - 3)}...` : excerpt;
}

/** A value under `key`: kept when allowed and not secret-shaped, else `<hidden>`. Empty stays empty. */
function value(key: string, raw: string): string {
  const v = raw.trim();
  if (v === '') return '';
  // An allowed value can still carry a URL with a password (`s=http://user:pw@host/`).
  return isAllowedKey(key) && !looksSecret(v) ? maskSecrets(v) : hiddenValue;
}

/** Drops a trailing comment: `#` at the start or after whitespace, outside quotes. */
function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text;
}

/**
 * A YAML list item that is an address, `- 10.0.0.2/24`, `- "fe80::1/64"`, `- 52:54:00:12:34:56`
 * (netplan `addresses:` entries): its parent key is on another line, so the shape decides.
 */
function addressItem(text: string): string | undefined {
  const item = /^-\s+(["']?)([0-9A-Fa-f.:]+(?:\/\d{1,3})?)\1$/.exec(text);
  return item && /[.:]/.test(item[2]!) ? text : undefined;
}

/** `[Match]`, `[connection]`, `[ethernet]`: INI section headers. */
function sectionHeader(text: string): string | undefined {
  return /^\[[\w .:/-]{1,60}\]$/.test(text) ? text : undefined;
}

/** udev rule: `SUBSYSTEM=="net", ATTR{address}=="52:54:...", NAME="eth0"`. */
function udevPairs(text: string): string | undefined {
  const pair = /^([A-Z]+(?:\{[\w.-]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"$/;
  const parts = text.split(/,\s*/);
  if (parts.length < 2 || !parts.every((p) => pair.test(p.trim()))) return undefined;
  return parts
    .map((p) => {
      const [, key, op, v] = pair.exec(p.trim())!;
      const shown = key === 'NAME' ? value('name', v!) : value(key!, v!);
      return `${key}${op}"${shown}"`;
    })
    .join(', ');
}

/** `KEY=value`, `export KEY="value"`, `Key = value`, NetworkManager's `key+=v` / `key-=v` (shell, INI, waagent.conf, kernel argument). */
function assignment(text: string): string | undefined {
  const m = /^(export\s+)?([A-Za-z_][\w.{}-]*?)\s*([+-]?=)\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const [, exported, key, op, raw] = m;
  const quoted = /^(["'])(.*)\1$/.exec(raw!.trim());
  const shown = quoted ? `${quoted[1]}${value(key!, quoted[2]!)}${quoted[1]}` : value(key!, raw!);
  return `${exported ?? ''}${key}${op}${shown}`;
}

/** `key: value`, `- key: value`, `key:` and flow mappings `{a: b, c: [d]}` (YAML). */
function yamlLine(text: string): string | undefined {
  const m = /^(-\s+)?((?:"[^"]*"|'[^']*'|[^\s:#{}[\],"'][^:#{}[\],]*?)):(?:\s+(.*))?$/.exec(text);
  if (m) {
    const [, dash, key, raw] = m;
    return `${dash ?? ''}${key}:${raw === undefined || raw === '' ? '' : ` ${yamlValue(key!, raw)}`}`;
  }
  if (/^(-\s+)?\{.*\}$/.test(text)) {
    const dash = /^-\s+/.exec(text)?.[0] ?? '';
    return `${dash}${yamlValue('', text.slice(dash.length))}`;
  }
  return undefined;
}

/** A YAML value: flow mappings pair by pair, flow sequences item by item, scalars by their key. */
function yamlValue(key: string, raw: string): string {
  const v = raw.trim();
  if (v.startsWith('{') && v.endsWith('}')) {
    const pairs = splitFlow(v.slice(1, -1)).map((item) => {
      const p = /^((?:"[^"]*"|'[^']*'|[^:]+?)):(?:\s+(.*))?$/.exec(item.trim());
      if (!p) return value('', item);
      return p[2] === undefined ? `${p[1]}:` : `${p[1]}: ${yamlValue(p[1]!, p[2])}`;
    });
    return `{${pairs.join(', ')}}`;
  }
  if (v.startsWith('[') && v.endsWith(']')) {
    if (!isAllowedKey(key)) return hiddenValue;
    return `[${splitFlow(v.slice(1, -1)).map((item) => yamlValue(key, item)).join(', ')}]`;
  }
  if (v === '|' || v === '>' || /^[|>][-+]?\d*$/.test(v)) return v; // a block scalar starts; its body is other lines
  return value(key, v);
}

/** Splits flow content at top-level commas (not inside nested braces, brackets or quotes). */
function splitFlow(content: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(content.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = content.slice(start).trim();
  if (last !== '') out.push(last);
  return out;
}

/** `keyword args`: ifupdown stanzas and options, sshd_config. */
function words(text: string): string | undefined {
  const m = /^([A-Za-z][\w.-]*)(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  return m[2] === undefined ? m[1]! : `${m[1]} ${value(m[1]!, m[2])}`;
}

/** fstab options whose values the rules quote; any other option keeps its name and hides its value (cifs `password=`, `credentials=`). */
const fstabValueOptions = /^(x-systemd\.[\w.-]+|errors|umask|fmask|dmask|commit|pri|subvol|subvolid|discard|x-initrd\.mount|comment)$/;

/**
 * An fstab line rebuilt from its fields for evidence: the device spec and mount point as written
 * (device names, UUIDs and paths; a spec shaped like a secret is hidden), the type, and the
 * options with values only for the options the rules quote.
 */
export function fstabExcerpt(fields: { spec: string; file: string; vfstype: string; options: readonly string[] }): string {
  const options = fields.options.map((option) => {
    const eq = option.indexOf('=');
    if (eq < 0) return option;
    const name = option.slice(0, eq);
    return fstabValueOptions.test(name) && !isSecretKey(name) ? `${name}=${maskSecrets(option.slice(eq + 1))}` : `${name}=${hiddenValue}`;
  });
  const spec = looksSecret(fields.spec) ? hiddenValue : maskSecrets(fields.spec);
  const line = `${spec} ${fields.file} ${fields.vfstype} ${options.join(',')}`;
  if (looksSecret(line)) return hiddenValue;
  return line.length > maxLength ? `${line.slice(0, maxLength - 3)}...` : line;
}

/** Kernel arguments whose values the rules quote; other arguments keep their name and hide their value. */
const kernelValueArgs = new Set(['root', 'console', 'earlyprintk', 'rootdelay', 'resume', 'net.ifnames', 'biosdevname', 'cloud-init', 'ds', 'ci.ds', 'ci.datasource', 'rootflags', 'rootfstype', 'rd.lvm.lv', 'rd.lvm.vg', 'nvme_core.io_timeout', 'BOOT_IMAGE', 'crashkernel']);

/** A kernel command line rebuilt for evidence: flags as written, `name=value` for the arguments the rules quote, `name=<hidden>` otherwise. */
export function kernelArgsExcerpt(args: readonly { name: string; value?: string }[]): string {
  const text = args
    .map((a) => (a.value === undefined ? a.name : kernelValueArgs.has(a.name) && !looksSecret(a.value) ? `${a.name}=${maskSecrets(a.value)}` : `${a.name}=${hiddenValue}`))
    .join(' ');
  if (looksSecret(text)) return hiddenValue;
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}
