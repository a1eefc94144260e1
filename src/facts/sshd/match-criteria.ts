/**
 * sshd_config(5) Match criteria: `All`, or pairs `User|Group|Host|LocalAddress|LocalPort|RDomain|Address
 * pattern-list`, all of which must match. A pattern list is comma-separated with `*`/`?`
 * wildcards; a matching `!pattern` makes the whole list fail (match.c match_pattern_list).
 */
import { globToRegExp } from '../../guest/guest-fs.js';

/** Whether a Match block applies to a user: always, never, or depending on the connection. */
export type MatchOutcome = 'yes' | 'no' | 'depends';

/** Criteria that depend on where the client connects from, unknown in an image at rest. */
const CONNECTION_CRITERIA = new Set(['host', 'address', 'localaddress', 'localport', 'rdomain']);

/** match_pattern_list: -1 when a negated pattern matches (that wins), 1 for a positive match, else 0. */
export function matchPatternList(name: string, list: string): -1 | 0 | 1 {
  let result: 0 | 1 = 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '' || !globToRegExp(pattern).test(name)) continue;
    if (negated) return -1;
    result = 1;
  }
  return result;
}

/** groupaccess.c ga_match_pattern_list: any group negated → no; else any group matching → yes. */
function groupsMatch(groups: string[], list: string): boolean {
  const results = groups.map((g) => matchPatternList(g, list));
  return !results.includes(-1) && results.includes(1);
}

/** Evaluates Match criteria (as joined by the config reader) for one user and their groups. */
export function evaluateMatch(criteria: string, user: { name: string; groups: string[] }): MatchOutcome {
  const words = criteria.split(/\s+/).filter((w) => w !== '');
  let outcome: MatchOutcome = 'yes';
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i]!.toLowerCase();
    if (keyword === 'all') continue;
    const value = words[++i];
    // A keyword without a value is a config error: sshd refuses to start, nothing matches.
    if (value === undefined) return 'no';
    if (keyword === 'user') {
      if (matchPatternList(user.name, value) !== 1) return 'no';
    } else if (keyword === 'group') {
      if (!groupsMatch(user.groups, value)) return 'no';
    } else if (CONNECTION_CRITERIA.has(keyword)) {
      outcome = 'depends';
    } else {
      return 'no';
    }
  }
  return outcome;
}
