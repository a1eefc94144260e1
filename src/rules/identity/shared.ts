import type { Account } from '../../facts/accounts.js';
import type { TraceFile } from '../../facts/traces.js';
import type { Intent } from '../../intent/types.js';
import type { Evidence } from '../types.js';

/** GEN-* rules run when the image definition says Generalized. */
export function isGeneralized(intent: Intent): boolean {
  return intent.osState === 'generalized';
}

/** SPEC-* rules run when the image definition says Specialized. */
export function isSpecialized(intent: Intent): boolean {
  return intent.osState === 'specialized';
}

/** Evidence for a trace: its path and what it is, never its content. */
export function traceEvidence(trace: TraceFile, what?: string): Evidence {
  const shape = trace.type === 'dir' ? `directory, ${trace.size} entries` : trace.type === 'symlink' ? 'symlink' : `${trace.size} bytes`;
  return { path: trace.path, detail: what ? `${what}, ${shape}` : shape };
}

/** Evidence for an account's password field: shadow (or passwd) line, hash summarised. */
export function passwordEvidence(account: Account): Evidence {
  return {
    path: account.passwordSource.path,
    line: account.passwordSource.line,
    excerpt: `${account.name} (uid ${account.uid}): ${account.password.summary}`,
  };
}

/** Evidence for each non-empty authorized_keys file of an account: count and types only. */
export function authorizedKeysEvidence(account: Account): Evidence[] {
  return account.authorizedKeys
    .filter((f) => f.keys > 0)
    .map((f) => ({ path: f.path, detail: `${f.keys} key${f.keys === 1 ? '' : 's'} (${[...new Set(f.types)].join(', ')})` }));
}

/** "1 lease file", "2 lease files". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** "a, b, c and 4 more" for messages. */
export function listSome(items: string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
