#!/usr/bin/env bash
# Builds every fixture disk image with the real tools and commits-ready gzips them.
#
#   bash scripts/make-fixtures.sh             # everything (end-to-end guests, then layouts, ext4, xfs, fat, lvm, rhel)
#   bash scripts/make-fixtures.sh --e2e-only  # only the end-to-end guest images
#
# End-to-end images (this file and scripts/fixtures/guests/): realistic Linux guests made of real
# Debian 12 package files (packages.sh pins them), laid out as Azure cloud images are (GPT with a
# BIOS boot partition, an EFI System Partition and an ext4 root; or MBR), converted to VHD by
# qemu-img. Output: __tests__/fixtures/images/<name>.gz (gzip -9n) and manifest.json, which says
# what each image stands for, which rules it must trip under which intent, and what qemu-img,
# sfdisk and blkid see in it. Work files live in .fixture-work/ (git-ignored); rerunning rebuilds
# all of it and gives the same bytes (fixed UUIDs, GUIDs, volume ids, timestamps, salts). SSH keys
# are the exception: ssh-keygen cannot be seeded, so they are made once per machine and kept in
# .fixture-work/keys/.
#
# Needs root (pwconv/useradd -R and chown), and: e2fsprogs, dosfstools, mtools, gdisk, fdisk,
# qemu-utils, openssh-client, openssl, python3, node, systemctl, apt-get (to download packages).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
GUESTS_DIR=$REPO/scripts/fixtures/guests
WORK=$REPO/.fixture-work
PKGS=$WORK/packages
KEYS=$WORK/keys
# shellcheck source=scripts/fixtures/corpus.sh
source "$REPO/scripts/fixtures/corpus.sh"
OUT=$REPO/__tests__/fixtures/images
export SOURCE_DATE_EPOCH=1700000000 # 2023-11-14T22:13:20Z, also used by mtools and the shadow tools
export TZ=UTC LC_ALL=C

for tool in mkfs.ext4 debugfs mkfs.vfat mlabel mmd mcopy sgdisk sfdisk qemu-img blkid ssh-keygen openssl python3 node systemctl \
  pwconv grpconv useradd usermod dpkg-deb apt-get gzip; do
  command -v "$tool" >/dev/null || { echo "make-fixtures: missing tool $tool" >&2; exit 1; }
done
[[ $(id -u) == 0 ]] || { echo "make-fixtures: run as root (guest files must be owned by uid 0 and 1000)" >&2; exit 1; }

# shellcheck source=scripts/fixtures/guests/packages.sh
source "$GUESTS_DIR/packages.sh"
# shellcheck source=scripts/fixtures/guests/tree-lib.sh
source "$GUESTS_DIR/tree-lib.sh"
# shellcheck source=scripts/fixtures/guests/trees.sh
source "$GUESTS_DIR/trees.sh"
# shellcheck source=scripts/fixtures/guests/disks.sh
source "$GUESTS_DIR/disks.sh"

DISK_MIB=64 # virtual size of every image: mostly zeros, so each gzips to a few hundred KiB

# build_image NAME TREE LAYOUT CONTAINER
#   TREE       a guest builder from trees.sh
#   LAYOUT     hybrid | split-boot | mbr | bare   (see gpt_disk / mbr_disk)
#   CONTAINER  vhd-fixed | vhd-dynamic | raw | vhd-fixed-unaligned
build_image() {
  # FIXTURE_ONLY=<name> rebuilds one image (for working on the script); the manifest is then left alone.
  if [[ -n ${FIXTURE_ONLY:-} && $1 != "$FIXTURE_ONLY" ]]; then return 0; fi
  NAME=$1
  local tree_fn=$2 layout=$3 container=$4
  local w=$WORK/e2e/$NAME
  rm -rf "$w"
  mkdir -p "$w"
  echo "make-fixtures: $NAME ($tree_fn, $layout, $container)"

  ROOT_UUID=$(fixture_uuid "$NAME" root-fs)
  ESP_ID='' BOOT_UUID=''
  if [[ $layout == hybrid || $layout == split-boot ]]; then
    local hex
    hex=$(fixture_hex "$NAME" esp-volume-id 8)
    ESP_ID="${hex:0:4}-${hex:4:4}"
    ESP_ID=${ESP_ID^^}
  fi
  if [[ $layout == split-boot ]]; then BOOT_UUID=$(fixture_uuid "$NAME" boot-fs); fi

  # Guest tree (and a separate /boot tree when /boot is its own filesystem).
  "$tree_fn" "$w/root"
  mkdir -p "$w/root/boot/efi"
  if [[ -n $BOOT_UUID ]]; then
    mkdir -p "$w/boot"
    mv "$w/root/boot/"* "$w/boot/"
    rmdir "$w/boot/efi" && mkdir -p "$w/boot/efi"
    finalize "$w/boot"
  fi
  check_links "$w/root"
  finalize "$w/root"

  # Partition table, then each filesystem sized to its partition and copied in.
  local raw=$w/disk.raw
  case $layout in
    mbr) mbr_disk "$raw" $DISK_MIB ;;
    *) gpt_disk "$raw" $DISK_MIB "$layout" ;;
  esac
  local rootpart=1 sectors
  sectors=$(sfdisk --json "$raw" | python3 -c 'import json,sys
print([p for p in json.load(sys.stdin)["partitiontable"]["partitions"] if p["node"].endswith("raw1")][0]["size"])')
  mk_ext4 "$w/root.ext4" $((sectors * 512 / MIB)) "$w/root" "$ROOT_UUID" cloudimg-rootfs
  place "$raw" $rootpart "$w/root.ext4"
  if [[ -n $ESP_ID ]]; then
    mk_esp "$w/esp.vfat" 16 "$ESP_ID"
    place "$raw" 15 "$w/esp.vfat"
  fi
  if [[ -n $BOOT_UUID ]]; then
    mk_ext4 "$w/boot.ext4" 16 "$w/boot" "$BOOT_UUID" BOOT
    place "$raw" 16 "$w/boot.ext4"
  fi

  # Container.
  local image=$w/$NAME fmt=vpc
  case $container in
    vhd-fixed) to_vhd "$raw" "$image" fixed force_size ;;
    vhd-dynamic) to_vhd "$raw" "$image" dynamic force_size ;;
    # Without force_size qemu-img rounds the size up to a CHS geometry (64 MiB -> 64 MiB + 16 KiB):
    # the classic cause of Azure's "unsupported virtual size" error.
    vhd-fixed-unaligned) to_vhd "$raw" "$image" fixed ;;
    raw) cp --sparse=always "$raw" "$image" && fmt=raw ;;
  esac

  # What independent tools see: the virtual disk as qemu-img reads it back out of the container.
  local facts=$WORK/e2e/facts
  mkdir -p "$facts"
  qemu-img convert -q -f $fmt -O raw "$image" "$w/virtual.raw"
  record_facts "$image" $fmt "$w/virtual.raw" "$facts"
  # Only the unaligned image may have a virtual size that is not a whole MiB (qemu-img's view).
  local vsize
  vsize=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["virtual-size"])' "$facts/$NAME.qemu.json")
  if { [[ $container == vhd-fixed-unaligned ]] && ((vsize % MIB == 0)); } ||
    { [[ $container != vhd-fixed-unaligned ]] && ((vsize % MIB != 0)); }; then
    echo "make-fixtures: $NAME: qemu-img reports virtual size $vsize, against the intent of $container" >&2
    exit 1
  fi
  # The guest's /etc/fstab must name what blkid finds, or mount assembly would test nothing.
  local id
  for id in "$ROOT_UUID" "$ESP_ID" "$BOOT_UUID"; do
    if [[ -n $id ]] && ! grep -q "\"UUID\": \"$id\"" "$facts/$NAME.blkid.json"; then
      echo "make-fixtures: $NAME: blkid does not see the filesystem UUID $id that /etc/fstab names" >&2
      exit 1
    fi
  done
  gzip -9n -c "$image" >"$OUT/$NAME.gz"
}

main() {
  mkdir -p "$WORK/e2e" "$KEYS" "$OUT"
  fetch_packages "$WORK/debs" "$PKGS"
  CORE_IMG=$WORK/e2e/core.img
  make_core_img "$CORE_IMG"
  if [[ -z ${FIXTURE_ONLY:-} ]]; then rm -f "$WORK"/e2e/facts/*; fi

  # The five scenarios, each on the hybrid GPT layout as a fixed VHD.
  build_image generalized-good.vhd ubuntu_generalized hybrid vhd-fixed
  build_image specialized-good.vhd ubuntu_specialized hybrid vhd-fixed
  build_image generalized-with-traces.vhd ubuntu_with_traces hybrid vhd-fixed
  build_image generalized-static-network.vhd debian_static_network hybrid vhd-fixed
  build_image generalized-no-agent.vhd ubuntu_no_agent hybrid vhd-fixed
  # generalized-good in other layouts and containers.
  build_image generalized-good-mbr.vhd ubuntu_generalized mbr vhd-fixed
  build_image generalized-good-split-boot.vhd ubuntu_generalized split-boot vhd-fixed
  build_image generalized-good-gpt-noboot.vhd ubuntu_generalized bare vhd-fixed
  build_image generalized-good-dynamic.vhd ubuntu_generalized hybrid vhd-dynamic
  build_image generalized-good-unaligned.vhd ubuntu_generalized hybrid vhd-fixed-unaligned
  build_image generalized-good.raw ubuntu_generalized hybrid raw

  if [[ -z ${FIXTURE_ONLY:-} ]]; then node "$GUESTS_DIR/manifest.mjs" "$WORK/e2e/facts" "$OUT"; fi
}

main
if [[ ${1:-} != --e2e-only ]]; then
  for other in layouts ext4 xfs fat lvm rhel hostile oversized drivers; do
    if [[ -f $REPO/scripts/fixtures/$other.sh ]]; then bash "$REPO/scripts/fixtures/$other.sh"; fi
  done
fi
echo "make-fixtures: done"
