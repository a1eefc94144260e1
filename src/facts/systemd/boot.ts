import { joinPath, type GuestFs } from '../../guest/guest-fs.js';
import { dropIns, lookupUnit, searchPath } from './search-path.js';
import { listSetting } from './unit-file.js';
import { templateOf } from './unit-name.js';
import { unitState, type UnitState } from './unit-state.js';

/** Dependencies that pull a unit into the boot transaction (systemd.unit(5)). */
const PULLING_KEYS = ['Wants', 'Requires', 'Requisite', 'BindsTo', 'Upholds'] as const;
const PULLING_DIRS = ['wants', 'requires', 'upholds'] as const;

/** Extra knowledge for the walk: what generators would add at boot (they cannot be seen at rest). */
export interface BootOptions {
  /** Target systemd boots (default: the guest's default.target; kernel `systemd.unit=` overrides it). */
  defaultTarget?: string;
  /** Extra `wants` edges, e.g. a generator's `multi-user.target` → `cloud-init.target`. */
  generatedWants?: { from: string; to: string; why: string }[];
}

/** Whether a unit starts at boot, and why. */
export interface BootReachability {
  /** Unit asked about. */
  unit: string;
  /** Its `systemctl is-enabled` state. */
  state: UnitState;
  /** True when the unit is pulled into the boot transaction (or its socket is, for `via: 'socket'`). */
  atBoot: boolean;
  /** How it is started: directly by a dependency chain, or on demand by its `.socket` unit. */
  via?: 'dependency' | 'socket';
  /** Dependency chain from the default target to the unit (or its socket), e.g. graphical.target → multi-user.target → ssh.service. */
  chain: string[];
  /** The edges that pulled each unit in: "multi-user.target.wants/ssh.service link", "Requires= in graphical.target". */
  because: string[];
  /** One-line explanation for reports. */
  reason: string;
  /** The target the walk started from. */
  defaultTarget: string;
}

/** The canonical name a unit name loads as (aliases followed; unknown names unchanged). */
async function canonical(guest: GuestFs, name: string): Promise<string> {
  return (await lookupUnit(guest, name)).aliasOf ?? name;
}

type Edge = { unit: string; why: string };

/** Per-guest cache of the on-disk edges of each unit: several collectors walk the same boot graph. */
const edgeCache = new WeakMap<GuestFs, Map<string, Promise<Edge[]>>>();

/** Units `name` pulls in (on-disk edges, cached, plus the caller's generated edges). */
async function dependenciesOf(guest: GuestFs, name: string, options: BootOptions): Promise<Edge[]> {
  let cache = edgeCache.get(guest);
  if (!cache) {
    cache = new Map();
    edgeCache.set(guest, cache);
  }
  let edges = cache.get(name);
  if (!edges) {
    edges = diskDependenciesOf(guest, name);
    cache.set(name, edges);
  }
  const generated = (options.generatedWants ?? []).filter((e) => e.from === name).map((e) => ({ unit: e.to, why: e.why }));
  return [...(await edges), ...generated];
}

/** Units `name` pulls in according to its unit file, drop-ins and link directories, with a note on which file says so. */
async function diskDependenciesOf(guest: GuestFs, name: string): Promise<Edge[]> {
  const deps: Edge[] = [];
  const found = await lookupUnit(guest, name);
  if (found.maskedBy) return deps;
  const names = [name, templateOf(name)].filter((n): n is string => n !== undefined);
  for (const dir of await searchPath(guest)) {
    for (const n of names) {
      for (const kind of PULLING_DIRS) {
        const sub = joinPath(dir, `${n}.${kind}`);
        for (const entry of (await guest.readdir(sub)) ?? []) deps.push({ unit: entry.name, why: `${sub}/${entry.name}` });
      }
    }
  }
  const files = found.file ? [{ path: found.fragmentPath!, file: found.file }] : [];
  files.push(...(await dropIns(guest, name)));
  for (const { path, file } of files) {
    for (const key of PULLING_KEYS) {
      for (const unit of listSetting(file, 'Unit', key)) deps.push({ unit, why: `${key}=${unit} in ${path}` });
    }
  }
  return deps;
}

/** The default target's real name: default.target is normally an alias symlink. */
async function defaultTargetOf(guest: GuestFs, options: BootOptions): Promise<string> {
  return canonical(guest, options.defaultTarget ?? 'default.target');
}

/**
 * Walks the boot transaction from the default target breadth-first over Wants=/Requires=
 * (and `.wants/`/`.requires/` link directories on the whole search path, since package-shipped
 * links under /usr count at boot even though `is-enabled` ignores them) and says whether
 * `unit` is reached — directly, or through `<unit>.socket` for a service. Masked units are not
 * started and pull in nothing.
 */
export async function isEnabledAtBoot(guest: GuestFs, unit: string, options: BootOptions = {}): Promise<BootReachability> {
  const state = await unitState(guest, unit);
  const defaultTarget = await defaultTargetOf(guest, options);
  const base = { unit, state, defaultTarget, chain: [] as string[], because: [] as string[] };
  if (state.state === 'masked') return { ...base, atBoot: false, reason: `${unit} is masked (${state.maskedBy} → /dev/null)` };
  if (state.state === 'absent') return { ...base, atBoot: false, reason: `no unit file for ${unit}` };

  const wanted = await canonical(guest, unit);
  const socket = wanted.endsWith('.service') ? wanted.replace(/\.service$/, '.socket') : undefined;
  const parent = new Map<string, { from: string; why: string } | null>([[defaultTarget, null]]);
  const queue = [defaultTarget];
  let hit: { name: string; via: 'dependency' | 'socket' } | undefined;
  while (queue.length > 0) {
    // A walk cut short would call a unit "not at boot" that is: past the budget we say we could not tell.
    guest.enforce('bootUnits', parent.size, undefined, `the boot transaction from ${defaultTarget}, ${parent.size} units so far,`);
    const current = queue.shift()!;
    if (current === wanted) {
      hit = { name: current, via: 'dependency' };
      break;
    }
    if (current === socket && !hit) hit = { name: current, via: 'socket' };
    for (const dep of await dependenciesOf(guest, current, options)) {
      const name = await canonical(guest, dep.unit);
      if (parent.has(name)) continue;
      parent.set(name, { from: current, why: dep.why });
      queue.push(name);
    }
  }
  if (!hit) return { ...base, atBoot: false, reason: `${unit} is ${state.state} and nothing started from ${defaultTarget} pulls it in` };

  const chain: string[] = [];
  const because: string[] = [];
  for (let at: string | undefined = hit.name; at !== undefined; ) {
    chain.unshift(at);
    const edge = parent.get(at);
    if (edge) because.unshift(edge.why);
    at = edge?.from;
  }
  const how = hit.via === 'socket' ? `socket-activated: ${hit.name} starts at boot` : 'starts at boot';
  return { ...base, atBoot: true, via: hit.via, chain, because, reason: `${unit} ${how} (${chain.join(' → ')})` };
}
