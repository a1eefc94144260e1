import { openContainer } from './disk/index.js';
import { describeRecord, toleratedError, type ErrorRecord } from './error-record.js';
import { collectFacts, type Facts } from './facts/index.js';
import { detectOsState } from './facts/os-state.js';
import { readEspLoaders } from './fs/fat/esp-loaders.js';
import { identifyVolume } from './fs/identify.js';
import { openFilesystem } from './fs/registry.js';
import { openGuest, type OpenedGuest } from './guest/open-guest.js';
import type { Volume } from './guest/volume.js';
import type { Intent } from './intent/types.js';
import type { ByteSource } from './io/byte-source.js';
import { LayerMeter } from './io/layer-cost.js';
import { startProgress, type ProgressSink } from './io/progress.js';
import { openImageSource, type ImageSource, type ImageSourceOptions } from './io/open-source.js';
import type { CheckResult, FilesystemSummary, ImageFacts, InspectResult } from './model.js';
import { predict } from './predict/predict.js';
import { applyPolicy, failsAt, overrideRules, utcToday } from './policy/apply.js';
import type { GatePolicy } from './policy/config.js';
import { runRules } from './rules/engine.js';
import { rules } from './rules/index.js';
import { espPartitions } from './volumes/boot-layout.js';
import { readPartitionTable } from './volumes/index.js';
import { readLvm } from './volumes/lvm/index.js';
import type { PartitionTable } from './volumes/types.js';

/** What to inspect. */
export interface InspectSettings {
  /** Path of a local image file, or a blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB[?SAS]). */
  image: string;
  /** How to reach a blob (connection string, custom endpoint); unused for local files. */
  blob?: ImageSourceOptions;
  /** Where to report a blob read that takes longer than a second (stderr); none when absent (--quiet). */
  progress?: ProgressSink;
}

/** What to check it against. */
export interface CheckSettings extends InspectSettings {
  intent: Intent;
  /** Lowest severity that fails the check. */
  failOn: 'error' | 'warning';
  /** Base URL of the rule pages findings link to (src/rules/docs-url.ts); the project's by default. */
  docsUrl?: string;
  /** Waivers and severity overrides (.vhd-gate.yml / --config); none when absent. */
  policy?: GatePolicy;
  /** Today in UTC (YYYY-MM-DD), for waiver expiry; the clock's by default (tests pin it). */
  today?: string;
}

/** MBR types that are containers of other partitions, not volumes. */
const extendedTypes = new Set(['0x05', '0x0f', '0x85']);

/**
 * Reads the image and everything in it that the checks need, independent of intent.
 * Throws a GateError when the image itself cannot be read (missing file, unsupported or
 * corrupt container) and whenever the medium fails (an IoError of kind "io" anywhere: a blob
 * 5xx after retries, a short read): a partial read is never judged. A bad partition table,
 * filesystem or guest is recorded instead, so the layers that can be read are still reported.
 */
export async function inspectImage(settings: InspectSettings): Promise<InspectResult> {
  const started = process.hrtime.bigint();
  // A local file or a blob, behind the one block cache.
  const file = await openImageSource(settings.image, settings.blob);
  const stopProgress = settings.progress && file.blob ? startProgress(file.name, file.stats, settings.progress) : undefined;
  try {
    return await inspectSource(file, started);
  } finally {
    stopProgress?.();
    await file.close();
  }
}

/** inspectImage on an image already opened (tests put a failing medium under the cache here); the caller closes it. */
export async function inspectSource(file: ImageSource, started = process.hrtime.bigint()): Promise<InspectResult> {
  const meter = new LayerMeter(file.stats);
  const { disk, info: container } = await openContainer(file.source);
  meter.mark('container');
  const problems: string[] = [...container.notes];
  const partitionTable = await readTableOrNone(disk, problems);
  problems.push(...partitionTable.notes.filter((n) => !problems.includes(n)));
  meter.mark('partition-table');
  const pvGroups = new Map<string, string>();
  const volumes = await openVolumes(disk, partitionTable, problems, pvGroups);
  // The ESP is read directly (not through the guest's fstab): UEFI firmware does the same.
  const esp = await readEspLoaders(espPartitions(partitionTable).map((p) => p.number), volumes);
  meter.mark('filesystems');

  let opened: OpenedGuest | undefined;
  let guestError: ErrorRecord | undefined;
  try {
    opened = await openGuest(volumes);
  } catch (error) {
    guestError = toleratedError(error);
  }
  meter.mark('guest');
  // The ESP's own filesystem, for reading its loaders' headers (the same one readEspLoaders listed).
  const espFs = esp && !esp.error ? volumes.find((v) => v.partitionNumber === esp.partition)?.fs : undefined;
  const espFiles = esp && espFs ? { partition: esp.partition, fs: espFs, loaders: esp.loaders } : undefined;
  // TODO(binaries): pass { esp: espFiles } once the ESP loader reads survive the medium-failure sweep
  // (__tests__/inspect/medium-failure.test.ts saw an unhandled rejection with them); until then the
  // loaders' headers are not read in a real run and TL-SECUREBOOT-CHAIN says so as a warning.
  void espFiles;
  const facts: Facts | undefined = opened && (await collectFacts(opened.guest, opened));
  meter.mark('facts');
  if (opened) {
    problems.push(...opened.plan.notes);
    for (const u of opened.plan.unresolved) problems.push(`/etc/fstab line ${u.entry.line} (${u.entry.file}): ${u.reason}`);
  }
  // Readers record what they tolerated while reading (bad CRCs): only known once facts are collected.
  problems.push(...readerWarnings(volumes));

  const image: ImageFacts = {
    source: file.name,
    container,
    partitionTable,
    filesystems: volumes.map((v) => summarise(v, opened, pvGroups.get(v.name))),
    mounts: (opened?.plan.mounts ?? []).map((m) => ({ mountPoint: m.mountPoint, volume: m.volume.name, fsType: m.volume.fs!.type })),
    problems,
    ...(esp ? { esp } : {}),
    ...(file.blob ? { blob: file.blob } : {}),
  };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { image, facts, guestError, detected: detectOsState(facts), io: { ...file.stats(), seconds, layers: meter.layers() } };
}

/** Inspects, then runs every rule that applies to the intent. */
export async function checkImage(settings: CheckSettings): Promise<CheckResult> {
  return judge(await inspectImage(settings), settings);
}

/** Runs the rules on what inspection read and gives the verdict. */
export function judge(inspected: InspectResult, settings: Pick<CheckSettings, 'intent' | 'failOn' | 'docsUrl' | 'policy' | 'today'>): CheckResult {
  const table = overrideRules(rules, settings.policy);
  const run = runRules(table, { image: inspected.image, facts: inspected.facts, intent: settings.intent }, { docsUrl: settings.docsUrl });
  const { notRun } = run;
  const findings = applyPolicy(run.findings, settings.policy, { rules: table, ran: run.ran, notRun, today: settings.today ?? utcToday(), docsUrl: settings.docsUrl });
  const failing = findings.some((f) => failsAt(f, settings.failOn));
  // An unreadable guest (encrypted, unsupported or corrupt root) means the OS-state checks could
  // not run: that is "could not inspect" (exit 2) even when disk-level findings failed too.
  const verdict = !inspected.facts ? 'error' : failing ? 'fail' : 'pass';
  return { ...inspected, intent: settings.intent, findings, notRun, verdict, prediction: predict(inspected, settings.intent) };
}

/** A corrupt partition table is reported, and the disk is then probed as a single volume. */
async function readTableOrNone(disk: ByteSource, problems: string[]): Promise<PartitionTable> {
  try {
    return await readPartitionTable(disk);
  } catch (error) {
    const why = describeRecord(toleratedError(error));
    problems.push(why);
    return { scheme: 'none', mbrBootCode: false, notes: [why], partitions: [] };
  }
}

/**
 * Identifies and, where we have a reader, opens what is on each partition (or the whole disk),
 * then each LVM logical volume on the PVs among them; LVM notes (missing PVs, LV kinds not read)
 * go to `problems`, and each PV's volume group to `pvGroups` (volume name -> VG name).
 */
async function openVolumes(disk: ByteSource, table: PartitionTable, problems: string[], pvGroups: Map<string, string>): Promise<Volume[]> {
  const volumes: Volume[] = table.partitions.length
    ? table.partitions
        .filter((p) => !extendedTypes.has(p.type))
        .map((p) => ({
          name: `partition ${p.number}`,
          source: p.source,
          partitionNumber: p.number,
          partUuid: p.partUuid,
          partLabel: p.label,
          identity: {},
        }))
    : [{ name: 'disk', source: disk, identity: {} }];
  for (const volume of volumes) await identifyAndOpen(volume);
  const lvm = await readLvm(volumes.filter((v) => v.fsType === 'LVM2_member'));
  problems.push(...lvm.notes);
  for (const pv of lvm.pvs) {
    const vg = lvm.vgs.find((g) => g.pvs.some((p) => p.uuid === pv.label.pvUuid));
    if (vg) pvGroups.set(pv.name, vg.name);
  }
  for (const { vg, lv, source } of lvm.volumes) {
    const volume: Volume = { name: `LV ${vg}/${lv}`, source, lvm: { vg, lv }, identity: {} };
    await identifyAndOpen(volume);
    volumes.push(volume);
  }
  return volumes;
}

async function identifyAndOpen(volume: Volume): Promise<void> {
  const found = await identifyVolume(volume.source);
  volume.fsType = found?.type;
  volume.identity = { uuid: found?.uuid, label: found?.label };
  try {
    volume.fs = await openFilesystem(volume.source);
    if (volume.fs) volume.identity = volume.fs.identity;
  } catch (error) {
    volume.error = toleratedError(error);
  }
}

/** Most reader warnings reported per volume; the rest are counted. */
const MAX_WARNINGS_PER_VOLUME = 10;

function readerWarnings(volumes: readonly Volume[]): string[] {
  return volumes.flatMap((v) => {
    const warnings = [...new Set(v.fs?.warnings ?? [])];
    const shown = warnings.slice(0, MAX_WARNINGS_PER_VOLUME).map((w) => `${v.name} (${v.fs!.type}): ${w}`);
    if (warnings.length > shown.length) shown.push(`${v.name} (${v.fs!.type}): ${warnings.length - shown.length} more warnings`);
    return shown;
  });
}

function summarise(volume: Volume, opened: OpenedGuest | undefined, pvGroup: string | undefined): FilesystemSummary {
  const mount = opened?.plan.mounts.find((m) => m.volume === volume);
  const volumeGroup = volume.lvm?.vg ?? pvGroup;
  return {
    volume: volume.name,
    ...(volume.partitionNumber !== undefined ? { partition: volume.partitionNumber } : {}),
    ...(volumeGroup !== undefined ? { volumeGroup } : {}),
    type: volume.fs?.type ?? volume.fsType ?? 'unknown',
    ...(volume.identity.uuid ? { uuid: volume.identity.uuid } : {}),
    ...(volume.identity.label ? { label: volume.identity.label } : {}),
    size: volume.source.size,
    ...(mount ? { mountPoint: mount.mountPoint } : {}),
    ...(volume.error ? { error: volume.error } : {}),
  };
}
