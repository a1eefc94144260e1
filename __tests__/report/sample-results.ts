import type { ErrorRecord } from '../../src/error-record.js';
import type { Facts } from '../../src/facts/index.js';
import type { CheckResult } from '../../src/model.js';
import { defaultDocsUrl, ruleDocsUrl } from '../../src/rules/docs-url.js';
import type { Finding } from '../../src/rules/types.js';
import type { HyperVGeneration, OsState } from '../../src/intent/types.js';
import { predict, type Prediction, type PredictionReason, type SettingPrediction } from '../../src/predict/predict.js';

/**
 * Hand-built check results for reporter tests: the shapes inspect.ts produces, with text
 * that exercises escaping (`;`, `]`, `%`, `|`, `<`, newlines) and a SAS URL as the source
 * (the reporters must mask its signature).
 */
const image: CheckResult['image'] = {
  source: 'https://acct.blob.core.windows.net/vhds/disk.vhd?sv=2022-11-02&sr=b&sp=r&sig=AbC%2Bsecret%3D',
  container: {
    format: 'vhd-fixed',
    virtualSize: 1073741824,
    fileSize: 1073742336,
    footer: {
      cookieValid: true,
      formatVersion: 0x10000,
      diskType: 2,
      originalSize: 1073741824,
      currentSize: 1073741824,
      checksum: 0xffffe1d3,
      checksumValid: true,
      creatorApplication: 'qemu',
      uniqueId: '5c2a3f1e-0000-4000-8000-00000000abcd',
    },
    notes: [],
  },
  partitionTable: {
    scheme: 'gpt',
    diskId: '0b9a6c1e-8f3c-4d5e-9a7b-112233445566',
    mbrBootCode: false,
    gptHeader: 'primary',
    notes: [],
    partitions: [
      {
        number: 1,
        start: 0x100000,
        size: 104857600,
        type: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
        typeName: 'EFI System',
        label: 'esp',
        partUuid: '11111111-2222-4333-8444-555555555555',
        source: { size: 104857600, read: async () => new Uint8Array(0) } as never,
      },
      {
        number: 2,
        start: 0x6500000,
        size: 967835648,
        type: '0fc63daf-8483-4772-8e79-3d69d8477de4',
        typeName: 'Linux filesystem',
        label: 'root',
        partUuid: '66666666-7777-4888-8999-aaaaaaaaaaaa',
        source: { size: 967835648, read: async () => new Uint8Array(0) } as never,
      },
    ],
  },
  filesystems: [
    { volume: 'partition 1', partition: 1, type: 'vfat', uuid: 'ABCD-1234', size: 104857600, mountPoint: '/boot/efi' },
    { volume: 'partition 2', partition: 2, type: 'ext4', uuid: '0e0d1f2a-3b4c-4d5e-8f70-8192a3b4c5d6', label: 'cloudimg-rootfs', size: 967835648, mountPoint: '/' },
  ],
  mounts: [
    { mountPoint: '/', volume: 'partition 2', fsType: 'ext4' },
    { mountPoint: '/boot/efi', volume: 'partition 1', fsType: 'vfat' },
  ],
  problems: [],
};

const netplanError: ErrorRecord = { layer: 'filesystem', kind: 'corrupt', offset: 0x1000, path: '/etc/netplan', message: 'bad inode 12' };

/** Findings as the engine makes them: each links its rule's page under the default docs URL. */
const withDocs = (f: Omit<Finding, 'docs'>): Finding => ({ ...f, docs: ruleDocsUrl(defaultDocsUrl, f.ruleId) });

const findings: Finding[] = ([
  {
    ruleId: 'IMAGE-UNREADABLE',
    severity: 'error',
    message: 'The network configuration could not be read from the image (filesystem layer, corrupt, at offset 0x1000: bad inode 12), so rule NET-PERSISTENT-RULES could not be judged',
    evidence: [{ path: '/etc/netplan' }],
    symptom: 'The image was not fully judged: it may carry any of the problems the blocked rules check for.',
    fix: 'Repair the filesystem the path lives on before capturing the image: `e2fsck -f` for ext2/3/4, `xfs_repair` for XFS.',
  },
  {
    ruleId: 'GEN-WAAGENT-MARKER',
    severity: 'error',
    message: 'the provisioning marker /var/lib/waagent/provisioned exists; a new VM will skip provisioning',
    evidence: [{ path: '/var/lib/waagent/provisioned' }, { path: '/etc/waagent.conf', line: 12, excerpt: 'Lib.Dir=/var/lib/waagent' }],
    symptom: 'The VM reports Ready without creating the admin user; it keeps the old hostname, user and password.',
    fix: 'Run `waagent -force -deprovision+user` before capturing; 100% of generalized images need it; see [docs].',
  },
  {
    ruleId: 'PA-CI-REPORTED-READY',
    severity: 'error',
    message: 'cloud-init already reported ready for a previous VM',
    evidence: [{ path: '/var/lib/cloud/data/reported_ready' }],
    symptom: 'Provisioning waits for a report that never comes | OSProvisioningTimedOut after ~40 min.',
    fix: 'cloud-init clean --logs --seed\nthen shut down and capture.',
  },
  {
    ruleId: 'SSH-CLIENTALIVE',
    severity: 'warning',
    message: 'ClientAliveInterval is 30 (180 recommended)',
    evidence: [{ path: '/etc/ssh/sshd_config', line: 121, excerpt: 'ClientAliveInterval 30' }],
    symptom: 'SSH sessions drop behind the Azure load balancer <4 min idle timeout>.',
    fix: 'Set ClientAliveInterval 180.',
  },
  {
    ruleId: 'PA-CI-KVP',
    severity: 'info',
    message: 'cloud-init KVP telemetry is not configured',
    evidence: [{ detail: 'no reporting: drop-in under /etc/cloud/cloud.cfg.d' }],
    symptom: 'Provisioning failures are harder to diagnose from the Azure side.',
    fix: 'Add /etc/cloud/cloud.cfg.d/10-azure-kvp.cfg.',
  },
] as Omit<Finding, 'docs'>[]).map(withDocs);

/** Generalized intended, specialized detected: two errors, a warning, an info, one rule not run. */
export function failingResult(): CheckResult {
  return {
    image: {
      ...image,
      problems: [
        'backup GPT header at LBA 2097151 (0x3ffffe00) is unusable: header CRC32 mismatch (stored 0x0, computed 0x5d1f3c2a)',
        'partition 2 (xfs): xfs inode 131: di_crc at 0x10e64 does not match the inode',
      ],
    },
    // Fact shapes are their collectors' business; reporters render whatever they hold.
    facts: {
      osRelease: { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.4 LTS', evidence: { path: '/etc/os-release', line: 1 } },
      waagent: {
        installed: true,
        conf: { path: '/etc/waagent.conf', lines: [{ key: 'Provisioning.Agent', value: 'auto', line: 11 }, { key: 'ResourceDisk.Format', value: 'n', line: 40 }] },
        provisionedMarker: true,
      },
      cloudInit: { installed: true, datasources: ['Azure'], stateDirs: [] },
      unavailable: [{ subject: 'network', error: netplanError }],
    } as unknown as Facts,
    detected: {
      osState: 'specialized',
      evidence: ['/var/lib/waagent/provisioned exists', '/var/lib/cloud/data/reported_ready exists'],
    },
    io: { bytesRead: 1572864, reads: 42, seconds: 0.3141 },
    intent: {
      osState: 'generalized',
      hyperVGeneration: 'V2',
      securityType: 'TrustedLaunchSupported',
      diskControllerTypes: ['SCSI', 'NVMe'],
      sources: { osState: '--os-state', hyperVGeneration: 'def.json', securityType: 'def.json', diskControllerTypes: 'def.json' },
      notes: ["architecture in def.json is not known: [parameters('arch')]: parameter \"arch\" has no defaultValue"],
    },
    findings: findings.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e })) })),
    notRun: [{ ruleId: 'NET-PERSISTENT-RULES', severity: 'error', reason: 'network could not be read from the image (see IMAGE-UNREADABLE)', unavailable: [{ subject: 'network', error: netplanError }] }],
    verdict: 'fail',
    prediction: samplePrediction('generalized', 'V2'),
  };
}

const marker: PredictionReason = { ruleId: 'GEN-WAAGENT-MARKER', severity: 'error', effect: 'provisioning-failure', why: 'waagent treats the new VM as already provisioned', findings: 1 };
const unreadable: PredictionReason = { ruleId: 'IMAGE-UNREADABLE', severity: 'error', effect: 'not-judged', why: 'guest content the rules need could not be read', findings: 1 };
const noLogin: PredictionReason = { ruleId: 'SPEC-LOGIN-PATH', severity: 'warning', effect: 'unreachable', why: 'nobody can log in', findings: 2 };

/** A prediction table of the shape src/predict makes: the declared setting marked. */
function samplePrediction(osState: OsState, hyperVGeneration: HyperVGeneration): Prediction {
  return [
    { osState: 'generalized', hyperVGeneration: 'V1', declared: false, outcome: 'provisioning-failure', because: [marker, unreadable], risks: [] },
    { osState: 'generalized', hyperVGeneration: 'V2', declared: false, outcome: 'provisioning-failure', because: [marker, unreadable], risks: [] },
    { osState: 'specialized', hyperVGeneration: 'V1', declared: false, outcome: 'not-judged', because: [unreadable], risks: [noLogin] },
    { osState: 'specialized', hyperVGeneration: 'V2', declared: false, outcome: 'provisions', because: [], risks: [noLogin] },
  ].map((p) => ({ ...p, declared: p.osState === osState && p.hyperVGeneration === hyperVGeneration }) as SettingPrediction);
}

/** A clean specialized image checked as specialized. */
export function passingResult(): CheckResult {
  return {
    ...failingResult(),
    image: { ...image, source: 'disk.vhd' },
    detected: { osState: 'specialized', evidence: ['/var/lib/waagent/provisioned exists'] },
    intent: { osState: 'specialized', sources: { osState: '--os-state' } },
    findings: [],
    notRun: [],
    verdict: 'pass',
    prediction: samplePrediction('specialized', 'V2'),
  };
}

const superblockError: ErrorRecord = { layer: 'filesystem', kind: 'corrupt', offset: 0x400, path: null, message: 'ext4 superblock magic is 0x0000, expected 0xef53' };

/** The guest root could not be read: nothing failed, but the checks could not run. */
export function guestErrorResult(): CheckResult {
  const result: CheckResult = {
    ...passingResult(),
    facts: undefined,
    guestError: superblockError,
    detected: { osState: 'unclear', evidence: [] },
    intent: { osState: 'generalized', sources: { osState: 'input os-state' } },
    notRun: [{ ruleId: 'GEN-WAAGENT-MARKER', severity: 'error', reason: 'the guest root filesystem could not be read', unavailable: [] }],
    image: { ...image, source: 'disk.vhd', mounts: [], filesystems: [{ volume: 'partition 2', partition: 2, type: 'unknown', size: 967835648, error: superblockError }] },
    verdict: 'error',
  };
  // The real prediction: with no guest, every setting is not judged unless a disk rule fails.
  return { ...result, prediction: predict(result, result.intent) };
}

/** Twelve error findings: more than GitHub annotates per step. */
export function manyErrorsResult(): CheckResult {
  const base = failingResult();
  const many: Finding[] = Array.from({ length: 12 }, (_, i) => withDocs({ ...findings[1]!, ruleId: `TEST-RULE-${String(i + 1).padStart(2, '0')}` }));
  return { ...base, findings: many };
}

/**
 * The failing result with a policy applied: two findings waived (one with an expiry, with a
 * justification that needs escaping), an expired waiver and a stale one as WAIVER-* findings, and
 * a rule not run because its setting was not declared. Still a fail: one error is not waived.
 */
export function waivedResult(): CheckResult {
  const base = failingResult();
  const waive = (ruleId: string, justification: string, source: string, expires?: string) => {
    const f = base.findings.find((x) => x.ruleId === ruleId)!;
    f.waiver = { justification, source, ...(expires ? { expires } : {}) };
  };
  waive('GEN-WAAGENT-MARKER', 'image is re-provisioned by our own agent; see OPS-1234 | <tracked>', '.vhd-gate.yml line 3', '2099-12-31');
  waive('SSH-CLIENTALIVE', 'bastion only; ##vso[task.complete result=Succeeded] stays text', '.vhd-gate.yml line 8');
  base.findings.push(
    withDocs({
      ruleId: 'WAIVER-EXPIRED',
      severity: 'warning',
      message: 'the waiver of PA-CI-REPORTED-READY expired on 2024-01-31 (today is 2026-12-04, UTC), so it waives nothing: 1 finding it covered counts again',
      evidence: [{ path: '.vhd-gate.yml', line: 12, detail: 'waiver of PA-CI-REPORTED-READY' }],
      symptom: 'The findings it covered count again: the gate may fail on them.',
      fix: 'Renew or remove it.',
    }),
  );
  base.notRun.push({
    ruleId: 'TL-SECUREBOOT-CHAIN',
    severity: 'error',
    reason: 'securityType is not declared: set --security-type (action input security-type) or features[SecurityType] in the image definition',
    unavailable: [],
    undeclared: ['securityType'],
  });
  return base;
}
