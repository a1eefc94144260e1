import type { GuestFs } from '../../guest/guest-fs.js';
import { effectiveSshdSettings, type SshdSettings } from './effective.js';
import { expandSshdConfig } from './include.js';

/** The server configuration file every OpenSSH package uses. */
export const SSHD_CONFIG = '/etc/ssh/sshd_config';

/** sshd_config read with includes, and its effective settings (OpenSSH defaults when the file is absent). */
export interface SshdConfigRead {
  /** Every file read, main file first; empty when /etc/ssh/sshd_config is absent. */
  files: string[];
  /** Effective settings (OpenSSH defaults where nothing is set). */
  settings: SshdSettings;
  /** Include problems. */
  notes: string[];
}

/** Reads /etc/ssh/sshd_config and its includes; used by the sshd and accounts collectors alike. */
export async function readSshdConfig(guest: GuestFs): Promise<SshdConfigRead> {
  const expanded = await expandSshdConfig(guest, SSHD_CONFIG);
  return {
    files: expanded?.files ?? [],
    settings: effectiveSshdSettings(expanded?.directives ?? []),
    notes: expanded?.notes ?? [],
  };
}
