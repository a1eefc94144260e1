import { BOOT_GEN1_BIOS } from './BOOT-GEN1-BIOS.js';
import { BOOT_GEN2_ESP } from './BOOT-GEN2-ESP.js';
import { BOOT_GEN2_GPT } from './BOOT-GEN2-GPT.js';
import { BOOT_HYBRID } from './BOOT-HYBRID.js';
import { DISK_VHD_CHECKSUM } from './DISK-VHD-CHECKSUM.js';
import { DISK_VHD_COOKIE } from './DISK-VHD-COOKIE.js';
import { DISK_BLOB_TYPE } from './DISK-BLOB-TYPE.js';
import { DISK_VHD_FIXED } from './DISK-VHD-FIXED.js';
import { DISK_VHD_MIN_SIZE } from './DISK-VHD-MIN-SIZE.js';
import { DISK_VHD_SIZE_ALIGN } from './DISK-VHD-SIZE-ALIGN.js';
import { IMAGE_UNREADABLE } from './IMAGE-UNREADABLE.js';
import { GEN_WAAGENT_MARKER } from './GEN-WAAGENT-MARKER.js';
import { GEN_WAAGENT_STATE } from './GEN-WAAGENT-STATE.js';
import { GEN_USER_ACCOUNTS } from './GEN-USER-ACCOUNTS.js';
import { GEN_AUTHORIZED_KEYS } from './GEN-AUTHORIZED-KEYS.js';
import { GEN_ROOT_PASSWORD } from './GEN-ROOT-PASSWORD.js';
import { GEN_SSH_HOSTKEYS } from './GEN-SSH-HOSTKEYS.js';
import { GEN_MACHINE_ID } from './GEN-MACHINE-ID.js';
import { GEN_CLOUDINIT_STATE } from './GEN-CLOUDINIT-STATE.js';
import { GEN_DHCP_LEASES } from './GEN-DHCP-LEASES.js';
import { GEN_HISTORY } from './GEN-HISTORY.js';
import { GEN_LOGS } from './GEN-LOGS.js';
import { SPEC_LOGIN_PATH } from './SPEC-LOGIN-PATH.js';
import { SPEC_SSHD_ENABLED } from './SPEC-SSHD-ENABLED.js';
import { SPEC_NOT_DEPROVISIONED } from './SPEC-NOT-DEPROVISIONED.js';
import { SPEC_SSHD_KEYGEN } from './SPEC-SSHD-KEYGEN.js';
import { PA_ANY } from './PA-ANY.js';
import { PA_WAAGENT_MODE } from './PA-WAAGENT-MODE.js';
import { PA_CI_ENABLED } from './PA-CI-ENABLED.js';
import { PA_CI_DATASOURCE } from './PA-CI-DATASOURCE.js';
import { PA_CI_STALE_SEED } from './PA-CI-STALE-SEED.js';
import { PA_CI_INSTALLER_CFG } from './PA-CI-INSTALLER-CFG.js';
import { PA_WAAGENT_DEAD_KEYS } from './PA-WAAGENT-DEAD-KEYS.js';
import { SPEC_AGENT_MODE } from './SPEC-AGENT-MODE.js';
import { NET_DHCP_PRIMARY } from './NET-DHCP-PRIMARY.js';
import { NET_MAC_BOUND } from './NET-MAC-BOUND.js';
import { NET_IFNAME } from './NET-IFNAME.js';
import { NET_UDEV_PERSISTENT } from './NET-UDEV-PERSISTENT.js';
import { FSTAB_RESOLVES } from './FSTAB-RESOLVES.js';
import { KRN_CMDLINE_CONSOLE } from './KRN-CMDLINE-CONSOLE.js';
import { KRN_CMDLINE_ROOT } from './KRN-CMDLINE-ROOT.js';
import { KRN_CMDLINE_DRIFT } from './KRN-CMDLINE-DRIFT.js';
import { FSTAB_NOFAIL } from './FSTAB-NOFAIL.js';
import { FSTAB_PERSISTENT_IDS } from './FSTAB-PERSISTENT-IDS.js';
import { PA_PYTHON } from './PA-PYTHON.js';
import { BOOT_LVM_DEVICESFILE } from './BOOT-LVM-DEVICESFILE.js';
import { KRN_UDF } from './KRN-UDF.js';
import { KRN_HV_DRIVERS } from './KRN-HV-DRIVERS.js';
import { NVME_INITRAMFS } from './NVME-INITRAMFS.js';
import { AN_VF_DRIVER } from './AN-VF-DRIVER.js';
import { AN_UNMANAGED } from './AN-UNMANAGED.js';
import { ARCH_MATCH } from './ARCH-MATCH.js';
import { BOOT_ARCH_GEN } from './BOOT-ARCH-GEN.js';
import { TL_SECUREBOOT_CHAIN } from './TL-SECUREBOOT-CHAIN.js';
import type { Rule } from './types.js';

/**
 * Every rule, in report order. One explicit array: adding a rule means adding it here,
 * its docs page (docs/rules/<ID>.md) and its table test; the meta-test checks all three.
 */
export const rules: Rule[] = [
  // --- whether the image could be judged at all: first, so it leads its severity group ---
  IMAGE_UNREADABLE,
  // --- disk and boot (A, B) ---
  DISK_VHD_COOKIE,
  DISK_VHD_CHECKSUM,
  DISK_VHD_FIXED,
  DISK_VHD_SIZE_ALIGN,
  DISK_VHD_MIN_SIZE,
  BOOT_GEN2_GPT,
  BOOT_GEN2_ESP,
  BOOT_GEN1_BIOS,
  BOOT_HYBRID,
  DISK_BLOB_TYPE,
  // --- provisioning agents (D) ---
  PA_ANY,
  PA_WAAGENT_MODE,
  PA_CI_ENABLED,
  PA_CI_DATASOURCE,
  PA_CI_STALE_SEED,
  PA_CI_INSTALLER_CFG,
  PA_WAAGENT_DEAD_KEYS,
  SPEC_AGENT_MODE,
  // --- deprovision traces and specialized readiness (E, F) ---
  GEN_WAAGENT_MARKER,
  GEN_WAAGENT_STATE,
  GEN_USER_ACCOUNTS,
  GEN_AUTHORIZED_KEYS,
  GEN_ROOT_PASSWORD,
  GEN_SSH_HOSTKEYS,
  GEN_MACHINE_ID,
  GEN_CLOUDINIT_STATE,
  GEN_DHCP_LEASES,
  GEN_HISTORY,
  GEN_LOGS,
  SPEC_LOGIN_PATH,
  SPEC_SSHD_ENABLED,
  SPEC_SSHD_KEYGEN,
  SPEC_NOT_DEPROVISIONED,
  // --- network (G) ---
  NET_DHCP_PRIMARY,
  NET_MAC_BOUND,
  NET_IFNAME,
  NET_UDEV_PERSISTENT,
  // --- kernel command line (J) ---
  KRN_CMDLINE_CONSOLE,
  KRN_CMDLINE_ROOT,
  KRN_CMDLINE_DRIFT,

  // --- kernel drivers and initramfs (I, L, M) ---
  KRN_HV_DRIVERS,
  KRN_UDF,
  NVME_INITRAMFS,
  AN_VF_DRIVER,
  AN_UNMANAGED,

  // --- architecture and Secure Boot chain (C, K) ---
  ARCH_MATCH,
  BOOT_ARCH_GEN,
  TL_SECUREBOOT_CHAIN,

  // --- fstab, swap, LVM devices file, agent interpreter (H, N) ---
  FSTAB_RESOLVES,
  FSTAB_NOFAIL,
  FSTAB_PERSISTENT_IDS,
  BOOT_LVM_DEVICESFILE,
  PA_PYTHON,

];
