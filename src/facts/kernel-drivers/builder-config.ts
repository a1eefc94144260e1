import type { GuestFs } from '../../guest/guest-fs.js';
import { listShadowed } from '../network/config-dirs.js';
import { excerptOf } from '../excerpt.js';
import { normaliseModuleName } from './names.js';

/**
 * How the image would rebuild its initramfs, for the fix a finding gives: which tool is
 * installed and what its configuration says about drivers. dracut (RHEL, Fedora, SUSE, Azure
 * Linux) reads /etc/dracut.conf, then *.conf from /usr/lib/dracut/dracut.conf.d and
 * /etc/dracut.conf.d in name order (/etc shadowing the same name); initramfs-tools (Debian,
 * Ubuntu) reads /etc/initramfs-tools/initramfs.conf, then conf.d/*, and force-loads the names
 * in /etc/initramfs-tools/modules.
 */

/** The tools that build a Linux initramfs. */
export type InitramfsTool = 'dracut' | 'initramfs-tools';

/** One setting of the builder's configuration, with where it is written. */
export interface BuilderSetting {
  key: string;
  /** `=` or dracut's `+=`. */
  op: '=' | '+=';
  value: string;
  path: string;
  line: number;
  excerpt: string;
}

/** What the installed initramfs builder is configured to do with drivers. */
export interface InitramfsBuilder {
  tool: InitramfsTool;
  /** Driver-related settings in the order the tool reads them (dracut add_drivers/force_drivers/omit_drivers/hostonly, initramfs-tools MODULES). */
  settings: BuilderSetting[];
  /**
   * Whether the builder keeps only what the build machine needs: dracut `hostonly="yes"`
   * (its default on RHEL and Fedora), initramfs-tools `MODULES=dep`. A host-only initramfs built
   * on KVM or VMware has no Hyper-V drivers.
   */
  hostOnly?: { value: boolean; because: string };
  /** Drivers the configuration adds (dracut add_drivers/force_drivers, /etc/initramfs-tools/modules). */
  adds: { module: string; path: string; line: number }[];
  /** Drivers it leaves out (dracut omit_drivers). */
  omits: { module: string; path: string; line: number }[];
}

const DRACUT_KEYS = new Set(['add_drivers', 'force_drivers', 'omit_drivers', 'hostonly', 'hostonly_mode']);
const DRACUT_BINARIES = ['/usr/bin/dracut', '/usr/sbin/dracut', '/sbin/dracut', '/bin/dracut'];
const MKINITRAMFS_BINARIES = ['/usr/sbin/mkinitramfs', '/sbin/mkinitramfs'];

/** `key="value"`, `key+=" value "`, `key=value` (dracut.conf(5), initramfs.conf(5): sourced shell, one setting a line in practice). */
function settingsOf(text: string, path: string, keys: (key: string) => boolean): BuilderSetting[] {
  const out: BuilderSetting[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)(\+?=)(?:"([^"]*)"|'([^']*)'|([^\s#]*))/.exec(raw);
    if (!m || !keys(m[1]!)) return;
    out.push({ key: m[1]!, op: m[2] as '=' | '+=', value: (m[3] ?? m[4] ?? m[5] ?? '').trim(), path, line: i + 1, excerpt: excerptOf(raw) });
  });
  return out;
}

const words = (value: string): string[] => value.split(/\s+/).filter((w) => w !== '');

async function dracut(guest: GuestFs): Promise<InitramfsBuilder> {
  const files: { path: string; text: string }[] = [];
  const main = await guest.readText('/etc/dracut.conf');
  if (main !== undefined) files.push({ path: '/etc/dracut.conf', text: main });
  files.push(...(await listShadowed(guest, ['/etc/dracut.conf.d', '/usr/lib/dracut/dracut.conf.d'], '.conf')));
  const settings = files.flatMap((f) => settingsOf(f.text, f.path, (k) => DRACUT_KEYS.has(k)));
  const builder: InitramfsBuilder = { tool: 'dracut', settings, adds: [], omits: [] };
  for (const s of settings) {
    if (s.key === 'hostonly') builder.hostOnly = { value: s.value === 'yes', because: `hostonly="${s.value}" in ${s.path} line ${s.line}` };
    const list = s.key === 'omit_drivers' ? builder.omits : s.key === 'add_drivers' || s.key === 'force_drivers' ? builder.adds : undefined;
    if (!list) continue;
    // A plain `=` replaces what earlier files set; `+=` appends (dracut.conf(5) asks for `+=` with spaces).
    if (s.op === '=') list.splice(0, list.length);
    list.push(...words(s.value).map((w) => ({ module: normaliseModuleName(w), path: s.path, line: s.line })));
  }
  return builder;
}

async function initramfsTools(guest: GuestFs): Promise<InitramfsBuilder> {
  const files: { path: string; text: string }[] = [];
  const main = await guest.readText('/etc/initramfs-tools/initramfs.conf');
  if (main !== undefined) files.push({ path: '/etc/initramfs-tools/initramfs.conf', text: main });
  for (const path of await guest.glob('/etc/initramfs-tools/conf.d', '*')) {
    const text = await guest.readText(path);
    if (text !== undefined) files.push({ path, text });
  }
  const settings = files.flatMap((f) => settingsOf(f.text, f.path, (k) => k === 'MODULES'));
  const builder: InitramfsBuilder = { tool: 'initramfs-tools', settings, adds: [], omits: [] };
  const modules = settings.filter((s) => s.key === 'MODULES').pop();
  if (modules) builder.hostOnly = { value: modules.value === 'dep', because: `MODULES=${modules.value} in ${modules.path} line ${modules.line}` };
  const listFile = '/etc/initramfs-tools/modules';
  (await guest.readText(listFile))?.split('\n').forEach((raw, i) => {
    const name = raw.trim().split(/\s+/)[0];
    if (name && !name.startsWith('#')) builder.adds.push({ module: normaliseModuleName(name), path: listFile, line: i + 1 });
  });
  return builder;
}

/** Every initramfs builder installed in the image, with its driver configuration. */
export async function readInitramfsBuilders(guest: GuestFs): Promise<InitramfsBuilder[]> {
  const out: InitramfsBuilder[] = [];
  if (await anyExists(guest, DRACUT_BINARIES)) out.push(await dracut(guest));
  if ((await anyExists(guest, MKINITRAMFS_BINARIES)) || (await guest.exists('/etc/initramfs-tools/initramfs.conf'))) out.push(await initramfsTools(guest));
  return out;
}

async function anyExists(guest: GuestFs, paths: readonly string[]): Promise<boolean> {
  for (const path of paths) if (await guest.exists(path)) return true;
  return false;
}
