#!/usr/bin/env bash
# Builds the benchmark's sparse fixed VHDs: one realistic Ubuntu-like guest (the end-to-end
# fixtures' specialized-good tree plus bulk: Debian package files under /usr, the build host's
# zoneinfo, some MiB of syslog) on the Ubuntu cloud-image GPT layout, at several virtual sizes.
#
#   bash scripts/bench/build-image.sh OUTDIR SIZE_MIB...   # e.g. .fixture-work/bench 2048 32768
#
# Writes OUTDIR/bench-<SIZE_MIB>M.vhd (skipped when it already exists: delete it to rebuild) and
# OUTDIR/tree/ (the staged guest tree, reused by run.mjs to pick the files debugfs reads).
# No loop device or mount: mkfs.ext4 -E offset=... writes the root filesystem straight into the
# partition of the sparse disk file, so nothing is densified (du stays at a few hundred MiB even
# for 2 TiB). The fixed VHD is the raw disk plus a 512-byte footer (vhd-footer.mjs).
# Needs root (the fixture builders chown guest files) and e2fsprogs, dosfstools, mtools, gdisk,
# fdisk, python3, node, systemctl, openssl, ssh-keygen; the fixture packages are fetched by
# scripts/fixtures/guests/packages.sh (apt-get download) into .fixture-work/ when missing.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
GUESTS_DIR=$REPO/scripts/fixtures/guests
BENCH_DIR=$REPO/scripts/bench
WORK=$REPO/.fixture-work
PKGS=$WORK/packages
KEYS=$WORK/keys
# shellcheck source=scripts/fixtures/corpus.sh
source "$REPO/scripts/fixtures/corpus.sh"
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C

OUTDIR=$(mkdir -p "$1" && cd "$1" && pwd)
shift
mkdir -p "$OUTDIR" "$KEYS"

# shellcheck source=scripts/fixtures/guests/packages.sh
source "$GUESTS_DIR/packages.sh"
# shellcheck source=scripts/fixtures/guests/tree-lib.sh
source "$GUESTS_DIR/tree-lib.sh"
# shellcheck source=scripts/fixtures/guests/trees.sh
source "$GUESTS_DIR/trees.sh"
# shellcheck source=scripts/fixtures/guests/disks.sh
source "$GUESTS_DIR/disks.sh"

# One guest identity for every size: the tree's /etc/fstab names these ids, so it is built once.
NAME=bench
ROOT_UUID=$(fixture_uuid "$NAME" root-fs)
hex=$(fixture_hex "$NAME" esp-volume-id 8)
ESP_ID="${hex:0:4}-${hex:4:4}"
ESP_ID=${ESP_ID^^}
BOOT_UUID=''

# bulk ROOT: what makes the guest's directories and inode tables realistically large.
#  - every /usr, /lib, /bin and /sbin file of the pinned Debian packages (about 2,400 real files), merged-/usr;
#  - the build host's /usr/share/zoneinfo (real tzdata, about 1,800 files);
#  - /var/log/syslog, syslog.1 and kern.log in rsyslog's traditional format (RSYSLOG_TraditionalFileFormat),
#    about 12 MiB in all, as a VM that ran for a while has them.
bulk() {
  local root=$1 pkg
  for pkg in "$PKGS"/*/; do
    if [[ -d $pkg/usr ]]; then cp -RPn "$pkg/usr/." "$root/usr/"; fi
    local d
    for d in lib bin sbin; do
      if [[ -d $pkg/$d ]]; then cp -RPn "$pkg/$d/." "$root/usr/$d/"; fi
    done
  done
  # Ubuntu's /etc/environment (from its pam package) and UTC /etc/localtime, which links in the
  # copied files point at.
  if [[ ! -e $root/etc/environment ]]; then
    printf 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"\n' |
      put "$root" etc/environment 0644
  fi
  if [[ -d /usr/share/zoneinfo ]]; then
    mkdir -p "$root/usr/share/zoneinfo"
    cp -RPn /usr/share/zoneinfo/. "$root/usr/share/zoneinfo/"
    link "$root" /usr/share/zoneinfo/Etc/UTC etc/localtime
  fi
  python3 - "$root/var/log" <<'PY'
import sys, time
logdir = sys.argv[1]
units = ['systemd[1]', 'kernel', 'sshd[812]', 'python3[1021]', 'cloud-init[655]', 'systemd-networkd[402]', 'cron[733]']
msgs = ['Started Session 3 of User azureuser.', '[  12.345678] hv_netvsc 000d3a5c-217e-000d-3a5c-217e000d3a5c eth0: VF slot 1 added',
        'Accepted publickey for azureuser from 203.0.113.9 port 50122 ssh2: ED25519 SHA256:0000',
        'INFO ExtHandler ExtHandler Checking for agent updates (family: Prod)', 'Cloud-init v. 24.1 finished',
        'eth0: DHCPv4 address 10.0.0.4/24, gateway 10.0.0.1 acquired from 168.63.129.16', '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)']
def write(name, size, start):
    t, n = start, 0
    with open(f'{logdir}/{name}', 'w') as f:
        while f.tell() < size:
            stamp = time.strftime('%b %e %H:%M:%S', time.gmtime(t))
            f.write(f'{stamp} fixture-vm {units[n % len(units)]}: {msgs[n % len(msgs)]}\n')
            t += 7; n += 1
write('syslog', 5 << 20, 1699900000)
write('syslog.1', 5 << 20, 1699000000)
write('kern.log', 2 << 20, 1699500000)
PY
}

# stage_tree DIR: the specialized-good guest (every part of the VM that ran once) plus bulk.
stage_tree() {
  local tree=$1
  if [[ -f $tree/.complete ]]; then return 0; fi
  rm -rf "$tree"
  ubuntu_specialized "$tree"
  mkdir -p "$tree/boot/efi"
  bulk "$tree"
  check_links "$tree"
  finalize "$tree"
  touch "$OUTDIR/.tree-complete" && mv "$OUTDIR/.tree-complete" "$tree/.complete"
}

# build_disk SIZE_MIB OUT: GPT (BIOS boot, ESP, root filling the rest), ESP, ext4 root, footer.
build_disk() {
  local size=$1 out=$2 raw=$2.raw start sectors
  gpt_disk "$raw" "$size" hybrid
  start=$(part_start "$raw" 1)
  sectors=$(sfdisk --json "$raw" | python3 -c 'import json,sys
print([p for p in json.load(sys.stdin)["partitiontable"]["partitions"] if p["node"].endswith("raw1")][0]["size"])')
  # lazy_itable_init/lazy_journal_init: inode tables and journal stay holes, as on a fresh cloud image.
  E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mkfs.ext4 -q -F -b 4096 -U "$ROOT_UUID" -L cloudimg-rootfs \
    -E "offset=$((start * 512)),lazy_itable_init=1,lazy_journal_init=1,nodiscard,hash_seed=$ROOT_UUID,root_owner=0:0" \
    -d "$OUTDIR/tree" "$raw" $((sectors * 512 / 4096))
  mk_esp "$OUTDIR/esp.vfat" 16 "$ESP_ID"
  place "$raw" 15 "$OUTDIR/esp.vfat"
  rm -f "$OUTDIR/esp.vfat"
  node "$BENCH_DIR/vhd-footer.mjs" "$raw" "$(fixture_uuid "$NAME-$size" vhd-unique-id)"
  mv "$raw" "$out"
}

fetch_packages "$WORK/debs" "$PKGS"
CORE_IMG=$OUTDIR/core.img
[[ -f $CORE_IMG ]] || make_core_img "$CORE_IMG"
stage_tree "$OUTDIR/tree"
for size in "$@"; do
  out=$OUTDIR/bench-${size}M.vhd
  if [[ -f $out ]]; then continue; fi
  echo "bench: building $out ($size MiB virtual, sparse)" >&2
  build_disk "$size" "$out"
done
