#!/usr/bin/env bash
# Builds the bench's LVM + XFS image: the committed Rocky Linux 9 fixture
# (__tests__/fixtures/rhel/rhel9-lvm-generalized.vhd.gz, built by scripts/fixtures/rhel.sh: ESP,
# XFS /boot, BIOS boot, LVM PV with rootvg/rootlv (XFS /) and rootvg/varlv (XFS /var)) grown to a
# sparse 32 GiB fixed VHD the way Azure's RHEL images are laid out: the PV partition runs to the
# end of the disk and the VG keeps the rest as free extents.
#
#   bash scripts/bench/build-lvm-image.sh WORK_DIR SIZE_MIB    # writes WORK_DIR/bench-lvm-SIZEM.vhd
#
# Steps, none of which reads or writes the holes: the fixture's raw disk (VHD minus its 512-byte
# footer) is copied sparse and truncated to SIZE_MIB; `sgdisk -e` moves the backup GPT to the new
# end; partition 4 is re-created from the same start to the end (same type and GUID);
# `pvresize` (on a loop device over that partition, LVM restricted to it as rhel.sh's lvm_run
# does) grows the PV; vhd-footer.mjs appends the footer. Needs root (losetup), gdisk, lvm2, jq.
set -euo pipefail
WORK=$1
SIZE_MIB=$2
REPO=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURE=$REPO/__tests__/fixtures/rhel/rhel9-lvm-generalized.vhd.gz
OUT=$WORK/bench-lvm-${SIZE_MIB}M.vhd
[[ -e $OUT ]] && exit 0
mkdir -p "$WORK"
raw=$WORK/lvm-${SIZE_MIB}M.raw
loop=
cleanup() { [[ -n $loop ]] && losetup -d "$loop"; rm -f "$raw"; }
trap cleanup EXIT

gzip -dc "$FIXTURE" | cp --sparse=always /dev/stdin "$raw"
truncate -s -512 "$raw"   # drop the fixture's VHD footer
truncate -s "${SIZE_MIB}M" "$raw"
# (sgdisk -q -e was seen not to move the backup header, so sgdisk's own messages go to /dev/null.)
sgdisk -e "$raw" >/dev/null
read -r start guid < <(sfdisk --json "$raw" 2>/dev/null | jq -r '.partitiontable.partitions[3] | "\(.start) \(.uuid)"')
sgdisk -d 4 -n "4:$start:0" -t 4:8E00 -u "4:$guid" "$raw" >/dev/null
end=$(sfdisk --json "$raw" 2>/dev/null | jq -r '.partitiontable.partitions[3] | .start + .size')
loop=$(losetup -f --show -o $((start * 512)) --sizelimit $(((end - start) * 512)) "$raw")
lvm pvresize -q --driverloaded n --config "devices { use_devicesfile=0 obtain_device_list_from_udev=0 filter=[\"a|^$loop\$|\",\"r|.*|\"] }
  activation { udev_sync=0 udev_rules=0 monitoring=0 } backup { backup=0 archive=0 }" "$loop" \
  2> >(grep -v -e 'WARNING' -e 'device-mapper' -e 'libdevmapper' -e 'leaked on lvm' >&2)
losetup -d "$loop"
loop=
node "$REPO/scripts/bench/vhd-footer.mjs" "$raw" "$(cat /proc/sys/kernel/random/uuid)"
mv "$raw" "$OUT"
echo "build-lvm-image: $OUT ($(du -m "$OUT" | cut -f1) MiB on disk)"
