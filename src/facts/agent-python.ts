import { joinPath, type GuestFs } from '../guest/guest-fs.js';
import { excerptOf } from './excerpt.js';
import { maskSecrets } from './secrets.js';
import { WAAGENT_BINARIES } from './waagent.js';

/** Entry points of the provisioning agents (Python scripts with a shebang). */
const AGENT_SCRIPTS = [
  ...WAAGENT_BINARIES.map((path) => ({ agent: 'waagent' as const, path })),
  { agent: 'cloud-init' as const, path: '/usr/bin/cloud-init' },
  { agent: 'cloud-init' as const, path: '/usr/local/bin/cloud-init' },
];
/** PATH systemd gives services, searched for `#!/usr/bin/env python3`. */
const SERVICE_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** Modules that give waagent crypt(3) on Python 3.13+, where the standard library's `crypt` is gone. */
const CRYPT_REPLACEMENTS = ['legacycrypt', 'crypt_r'];
const LIB_ROOTS = ['/usr/lib', '/usr/lib64', '/usr/local/lib'];

/** The interpreter one agent script starts. */
export interface AgentInterpreter {
  agent: 'waagent' | 'cloud-init';
  /** The script (/usr/sbin/waagent, /usr/bin/cloud-init). */
  script: string;
  /** Its first line through the excerpt allow-list, when it is a `#!` line. */
  shebang?: string;
  /** The interpreter named: a path, or for `#!/usr/bin/env NAME` the name looked up on the service PATH. */
  interpreter?: string;
  /** True for `#!/usr/bin/env NAME`. */
  viaEnv: boolean;
  /** Canonical guest path of the interpreter when it exists as a regular file (symlinks followed inside the guest). */
  resolved?: string;
  /** "3.13", from the resolved interpreter's name (python3.13). */
  version?: string;
}

/** The provisioning agents' Python interpreters and what password hashing they can use. */
export interface AgentPythonFacts {
  agents: AgentInterpreter[];
  /** Python versions with a standard library in the image (/usr/lib/python3.X), highest last. */
  libVersions: string[];
  /** Installed crypt(3) replacements (legacycrypt, crypt_r) found in a site-/dist-packages directory. */
  cryptReplacements: string[];
}

function versionOf(path: string): string | undefined {
  return /python(\d+\.\d+)$/.exec(path)?.[1];
}

async function interpreterOf(guest: GuestFs, agent: AgentInterpreter['agent'], script: string): Promise<AgentInterpreter | undefined> {
  if ((await guest.stat(script))?.node.type !== 'file') return undefined;
  const head = new TextDecoder().decode((await guest.readPrefix(script, 256)) ?? new Uint8Array(0)).split('\n')[0]!;
  const base: AgentInterpreter = { agent, script, viaEnv: false };
  if (!head.startsWith('#!')) return base;
  // The kernel splits the #! line into the interpreter and at most one argument.
  const [program, arg] = head.slice(2).trim().split(/\s+/, 2);
  if (!program) return { ...base, shebang: excerptOf(head) };
  const viaEnv = /\/env$/.test(program) && arg !== undefined;
  let resolved: string | undefined;
  if (viaEnv) {
    for (const dir of SERVICE_PATH) {
      const st = await guest.stat(joinPath(dir, arg));
      if (st?.node.type === 'file') {
        resolved = st.path;
        break;
      }
    }
  } else {
    const st = await guest.stat(program);
    if (st?.node.type === 'file') resolved = st.path;
  }
  const version = resolved ? versionOf(resolved) : undefined;
  return { ...base, shebang: maskSecrets(head.length > 120 ? `${head.slice(0, 117)}...` : head), interpreter: viaEnv ? arg : program, viaEnv, ...(resolved ? { resolved } : {}), ...(version ? { version } : {}) };
}

/** Reads the agents' shebangs and the Python installations they would run. */
export async function collectAgentPython(guest: GuestFs): Promise<AgentPythonFacts> {
  const agents: AgentInterpreter[] = [];
  for (const { agent, path } of AGENT_SCRIPTS) {
    const found = await interpreterOf(guest, agent, path);
    if (found) agents.push(found);
  }
  const libVersions = new Set<string>();
  const cryptReplacements: string[] = [];
  for (const root of LIB_ROOTS) {
    for (const dir of await guest.glob(root, 'python3*')) {
      const version = versionOf(dir);
      if (version && (await guest.exists(joinPath(dir, 'os.py')))) libVersions.add(version);
      for (const kind of ['site-packages', 'dist-packages']) {
        for (const name of CRYPT_REPLACEMENTS) {
          for (const candidate of [joinPath(joinPath(dir, kind), `${name}.py`), joinPath(joinPath(dir, kind), name)]) {
            const st = await guest.stat(candidate);
            if (st && !cryptReplacements.includes(st.path)) cryptReplacements.push(st.path);
          }
          for (const so of await guest.glob(joinPath(dir, kind), `_${name}*.so`)) if (!cryptReplacements.includes(so)) cryptReplacements.push(so);
        }
      }
    }
  }
  const sorted = [...libVersions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { agents, libVersions: sorted, cryptReplacements: cryptReplacements.sort() };
}
