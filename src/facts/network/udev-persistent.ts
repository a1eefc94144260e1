import { excerptOf, normalizeMac, textLines } from './config-dirs.js';

/**
 * udev rules (udev(7)) that pin an interface name to a MAC, as the old persistent-net
 * generator (write_net_rules) and cloud-init's sysconfig/ENI renderers write them:
 * `SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:0d:3a:..", NAME="eth0"`.
 */

/** Where these rules live; /etc overrides /lib and /usr/lib by file name. */
export const UDEV_RULES_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/usr/lib/udev/rules.d', '/lib/udev/rules.d'] as const;
/** The generator that writes 70-persistent-net.rules at boot (udev < 175 era, still shipped by some distros). */
export const GENERATOR_RULES = '75-persistent-net-generator.rules';

/** One rule line that names a net device after its MAC. */
export interface UdevNameRule {
  line: number;
  excerpt: string;
  mac: string;
  name: string;
  /** The line is exactly in cloud-init's `generate_udev_rule` form (cloudinit/net/udev.py). */
  cloudInitForm: boolean;
}

/** One `KEY{attr}<op>"value"` pair of a rule. */
interface UdevPair {
  key: string;
  op: string;
  value: string;
}

/** Rules in `text` that match SUBSYSTEM=="net" and an address and assign NAME. Pure. */
export function parsePersistentNetRules(text: string): UdevNameRule[] {
  const out: UdevNameRule[] = [];
  textLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const pairs = parsePairs(line);
    const find = (key: string, op: string): UdevPair | undefined => pairs.find((p) => p.key === key && p.op === op);
    const address = find('ATTR{address}', '==') ?? find('ATTRS{address}', '==');
    const name = find('NAME', '=') ?? find('NAME', ':=');
    if (find('SUBSYSTEM', '==')?.value !== 'net' || !address || !name) return;
    out.push({
      line: i + 1,
      excerpt: excerptOf(line),
      mac: normalizeMac(address.value),
      name: name.value,
      cloudInitForm: isCloudInitForm(pairs),
    });
  });
  return out;
}

/** cloud-init writes exactly SUBSYSTEM, ACTION, DRIVERS, ATTR{address}, NAME, in that order (cloudinit/net/udev.py). */
function isCloudInitForm(pairs: UdevPair[]): boolean {
  const keys = pairs.map((p) => `${p.key}${p.op}`);
  return keys.join(',') === 'SUBSYSTEM==,ACTION==,DRIVERS==,ATTR{address}==,NAME=';
}

function parsePairs(line: string): UdevPair[] {
  const pairs: UdevPair[] = [];
  const re = /([A-Za-z_]+(?:\{[^}]*\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"/g;
  for (let m = re.exec(line); m; m = re.exec(line)) pairs.push({ key: m[1]!, op: m[2]!, value: m[3]! });
  return pairs;
}
