import { analyzeLoginPaths } from '../facts/accounts/login-path.js';
import type { Evidence, Rule } from './types.js';
import { isSpecialized } from './identity/shared.js';

/** Related sshd settings that Match blocks override for some connections. */
const AUTH_KEYWORDS = new Set(['passwordauthentication', 'kbdinteractiveauthentication', 'pubkeyauthentication', 'permitrootlogin', 'allowusers', 'allowgroups', 'denyusers', 'denygroups']);

/** A specialized image gets no new credentials: someone must already be able to log in over SSH. */
export const SPEC_LOGIN_PATH: Rule = {
  id: 'SPEC-LOGIN-PATH',
  title: 'Nobody can log in to the specialized image over SSH',
  severity: 'error',
  appliesTo: 'specialized',
  symptom:
    'Azure passes no user, password or SSH key to a specialized VM: it boots with the accounts it has, and if none can log in over SSH the VM runs but nobody can reach it (password or key resets need a working agent and the VMAccess extension).',
  fix: 'Before capture, make sure one account with a login shell has a password (with PasswordAuthentication yes) or an authorized_keys entry (with PubkeyAuthentication yes), and that AllowUsers/AllowGroups/DenyUsers/PermitRootLogin let it in.',
  needs: ['accounts', 'sshd'],
  applies: isSpecialized,
  check({ facts }) {
    const sshd = facts!.sshd!.settings;
    const analysis = analyzeLoginPaths(facts!.accounts!, sshd);
    const overrides = sshd.matchOverrides.filter((m) => AUTH_KEYWORDS.has(m.keyword));
    const matchEvidence: Evidence[] = overrides.map((m) => ({ path: m.path, line: m.line, excerpt: `Match ${m.criteria}: ${m.keyword} ${m.value}` }));
    if (analysis.paths.length > 0) {
      if (analysis.paths.some((p) => p.conditional === undefined)) return [];
      return [
        {
          severity: 'warning',
          message: `SSH login works only for connections matching a Match block: ${analysis.paths.map((p) => p.statement).join('; ')}`,
          evidence: matchEvidence,
          symptom: 'Connections to the VM on Azure (public IP, Bastion, another VNet) may not match those criteria; then nobody can log in.',
        },
      ];
    }
    const evidence: Evidence[] = analysis.refused.map((r) => ({
      ...(r.source ? { path: r.source.path, line: r.source.line } : {}),
      ...(r.source ? { excerpt: `${r.account} (uid ${r.uid}): ${r.reason}` } : { detail: `${r.account} (uid ${r.uid}): ${r.reason}` }),
    }));
    evidence.push(...matchEvidence);
    const refusedAccounts = new Set(analysis.refused.map((r) => r.account)).size;
    const why =
      refusedAccounts === 0
        ? 'no account has a usable password or authorized SSH keys'
        : `${refusedAccounts} account${refusedAccounts === 1 ? ' has' : 's have'} credentials that sshd or the account settings refuse`;
    if (!facts!.accounts!.passwdFound) evidence.unshift({ path: '/etc/passwd', detail: 'absent: no local accounts at all' });
    if (evidence.length === 0) evidence.push({ path: '/etc/shadow', detail: 'every account is locked, empty-password or without authorized_keys' });
    return [{ message: `Nobody can log in over SSH: ${why}`, evidence }];
  },
};
