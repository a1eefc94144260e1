import type { GuestFs } from '../guest/guest-fs.js';
import type { SshdSettings } from './sshd/effective.js';
import { listHostKeys, type HostKeyFile } from './sshd/host-keys.js';
import { readSshdConfig, SSHD_CONFIG } from './sshd/read-config.js';
import { isEnabledAtBoot } from './systemd.js';

export type { SshdSettings, SshdValue, SshdSource, SshdMatchOverride, PermitRootLogin } from './sshd/effective.js';
export type { HostKeyFile } from './sshd/host-keys.js';

/** Whether one sshd unit starts at boot, as the systemd facts see it. */
export interface SshdUnitBoot {
  /** ssh.service, sshd.service or ssh.socket. */
  unit: string;
  /** Pulled into the boot transaction (directly or through its socket). */
  atBoot: boolean;
  /** One line from the systemd facts: why it does or does not start. */
  reason: string;
}

/** The SSH server of the guest: installed, started at boot, configured how, with which host keys. */
export interface SshdFacts {
  /** Path of the sshd binary, when installed. */
  daemonPath?: string;
  /** /etc/ssh/sshd_config exists. */
  configFound: boolean;
  /** Files read (main config, then includes in reading order). */
  configFiles: string[];
  /** Effective settings of the default (non-Match) context, each with its file and line. */
  settings: SshdSettings;
  /** Units checked, with their boot state. */
  units: SshdUnitBoot[];
  /** Some sshd unit starts at boot. */
  enabledAtBoot: boolean;
  /** /etc/ssh/ssh_host_*_key* files. */
  hostKeys: HostKeyFile[];
  /** The host key files sshd will load (HostKey lines, or its defaults) and whether each exists. */
  configuredHostKeys: { path: string; present: boolean }[];
  /** A unit or script that creates missing host keys at boot (sshd-keygen@.service, sshdgenkeys.service, ...). */
  keyGenerator?: string;
  /** Include problems and similar notes. */
  notes: string[];
}

/** Where distributions install the daemon (usrmerge makes /usr/sbin the usual one). */
const DAEMON_PATHS = ['/usr/sbin/sshd', '/sbin/sshd', '/usr/local/sbin/sshd'];
/** Debian/Ubuntu name the service ssh (sshd.service is an alias), others sshd; Ubuntu ≥ 22.10 uses the socket. */
const SSHD_UNITS = ['sshd.service', 'ssh.service', 'ssh.socket', 'sshd.socket'];
/**
 * Host-key generators that run at boot when keys are missing: Fedora/RHEL sshd-keygen@.service
 * (and older sshd-keygen.service), Arch sshdgenkeys.service, SUSE's sshd-gen-keys-start (run by
 * sshd.service ExecStartPre). Debian's ssh.service has none: `sshd -t` fails without keys.
 */
const KEY_GENERATORS = [
  '/usr/lib/systemd/system/sshd-keygen@.service',
  '/lib/systemd/system/sshd-keygen@.service',
  '/usr/lib/systemd/system/sshd-keygen.service',
  '/usr/lib/systemd/system/sshdgenkeys.service',
  '/usr/sbin/sshd-gen-keys-start',
  '/usr/lib/systemd/system/sshd-gen-keys-start.service',
];

/** Host keys sshd loads when sshd_config has no HostKey line (OpenSSH ≥ 7.0 defaults). */
const DEFAULT_HOST_KEYS = ['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_ecdsa_key', '/etc/ssh/ssh_host_ed25519_key'];

/** Collects sshd installation, boot enablement, effective configuration and host keys. */
export async function collectSshd(guest: GuestFs): Promise<SshdFacts> {
  let daemonPath: string | undefined;
  for (const path of DAEMON_PATHS) {
    if ((await guest.stat(path))?.node.type === 'file') {
      daemonPath = path;
      break;
    }
  }
  const config = await readSshdConfig(guest);
  const units: SshdUnitBoot[] = [];
  for (const unit of SSHD_UNITS) {
    const boot = await isEnabledAtBoot(guest, unit);
    if (boot.state.state === 'absent') continue;
    // An alias (Debian's sshd.service → ssh.service) of a masked unit never starts either.
    const maskedTarget = boot.state.target?.state === 'masked';
    units.push({
      unit,
      atBoot: boot.atBoot && !maskedTarget,
      reason: maskedTarget ? `${unit} is an alias of ${boot.state.aliasOf}, which is masked` : boot.reason,
    });
  }
  const configuredHostKeys: SshdFacts['configuredHostKeys'] = [];
  const hostKeyFiles = config.settings.hostKeyFiles.value;
  for (const path of hostKeyFiles.length > 0 ? hostKeyFiles : DEFAULT_HOST_KEYS) {
    configuredHostKeys.push({ path, present: (await guest.stat(path))?.node.type === 'file' });
  }
  let keyGenerator: string | undefined;
  for (const path of KEY_GENERATORS) {
    if (await guest.exists(path)) {
      keyGenerator = path;
      break;
    }
  }
  return {
    ...(daemonPath === undefined ? {} : { daemonPath }),
    configFound: config.files[0] === SSHD_CONFIG,
    configFiles: config.files,
    settings: config.settings,
    units,
    enabledAtBoot: units.some((u) => u.atBoot),
    hostKeys: await listHostKeys(guest),
    configuredHostKeys,
    ...(keyGenerator === undefined ? {} : { keyGenerator }),
    notes: config.notes,
  };
}
