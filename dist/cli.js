#!/usr/bin/env node
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { h as hasCredentials, d as describeCredentials, a as describeRecord, b as humanBytes, i as ioLine, n as neutraliseOutput, r as redact, o as oneLine, c as hex, w as waiverText, I as IntentError, e as isObject, g as getIgnoreCase, l as loadImageDefinition, f as buildIntent, j as isBlobUrl, G as GateError, p as plain, m as mdText, k as mdCode, s as schemaVersion, q as renderJson, v as version, t as parseFormat, u as buildCheckSettings, x as cliInputNames, S as SettingsError, y as checkImage, z as renderCheckText, A as checkReport, B as renderSarif, C as checkSarif, D as verdictLine, E as buildInspectSettings, F as inspectImage, H as inspectReport, J as errorRecord, K as renderErrorText, L as errorReport, M as errorSarif } from './chunks/markdown-C5eo8QAh.js';
import 'node:zlib';
import 'stream/web';
import 'node:fs';
import 'node:crypto';
import 'node:path';
import 'node:url';
import 'process';
import 'buffer';

/**
 * The human summary `vhd-gate inspect` prints for the guest: OS, the two provisioning agents
 * and how they are set, SSH and who can log in, and the network as the image will bring it
 * up. Every line names the file (and line) it comes from; `--format json` has all facts.
 */
function guestSummaryLines(facts) {
    return [...osLines(facts), '', ...bootLines(facts), '', ...agentLines(facts), '', ...loginLines(facts), '', ...networkLines(facts)];
}
function osLines(facts) {
    const os = facts.osRelease;
    if (!os)
        return ['OS: not collected'];
    const name = os.prettyName ?? ([os.name, os.versionId].filter(Boolean).join(' ') || 'unknown');
    return [`OS: ${name}${os.id ? ` (id ${os.id}${os.versionId ? `, version ${os.versionId}` : ''})` : ''}${os.source ? ` from ${os.source}` : ''}`];
}
function bootLines(facts) {
    const boot = facts.boot;
    if (!boot)
        return ['Boot: not collected'];
    if (!boot.default)
        return [`Boot: no boot entry found (${boot.entries.length} entries)`];
    const d = boot.default;
    const others = boot.entries.filter((e) => e !== d);
    return [
        `Boot: ${d.label} from ${d.path}${d.line === undefined ? '' : ` line ${d.line}`}, default because ${boot.defaultReason ?? 'it is the only entry'}`,
        `  kernel ${d.kernel}${d.version ? ` (${d.version})` : ''}`,
        `  initrd ${d.initrds.length > 0 ? d.initrds.join(', ') : 'none'}`,
        ...others.map((e) => `  also: ${e.label} -> ${e.kernel}`),
    ];
}
function agentLines(facts) {
    const lines = ['Provisioning agents'];
    const wa = facts.waagent;
    if (!wa)
        lines.push('  waagent: not collected');
    else if (!wa.installed)
        lines.push('  waagent: not installed');
    else {
        const unit = wa.unit ? `${wa.unit.name} ${wa.boot?.atBoot ? 'starts at boot' : `does not start at boot (${wa.unit.state})`}` : 'no unit';
        lines.push(`  waagent ${wa.version?.value ?? '(version unknown)'}: installed, ${unit}`);
        const setting = (key) => wa.effective.find((e) => e.key === key);
        for (const key of ['Provisioning.Agent', 'Lib.Dir', 'Provisioning.RegenerateSshHostKeyPair', 'Provisioning.DeleteRootPassword', 'ResourceDisk.Format', 'ResourceDisk.EnableSwap']) {
            const s = setting(key);
            if (s)
                lines.push(`    ${s.key} = ${s.value}  (${s.from})`);
        }
        lines.push(`    provisioned marker ${wa.provisionedMarker.path}: ${wa.provisionedMarker.present ? 'present' : 'absent'}`);
        if (!wa.conf.present)
            lines.push(`    ${wa.conf.path}: missing${wa.conf.loadError ? ` (${wa.conf.loadError})` : ''}`);
        for (const dead of wa.deadKeys)
            lines.push(`    ignored by the agent: ${dead.key} (${wa.conf.path}:${dead.line})`);
    }
    const ci = facts.cloudInit;
    if (!ci)
        lines.push('  cloud-init: not collected');
    else if (!ci.installed)
        lines.push('  cloud-init: not installed');
    else {
        const state = ci.enabled ? 'runs at boot' : `does not run at boot${ci.disabledBy.length ? ` (${ci.disabledBy.map((d) => d.detail).join('; ')})` : ''}`;
        lines.push(`  cloud-init ${ci.version?.value ?? '(version unknown)'}: installed, ${state}`);
        const ds = ci.datasource;
        const where = ds.cloudInitOrigin ? `  (${ds.cloudInitOrigin.path}:${ds.cloudInitOrigin.line})` : '';
        lines.push(`    datasource_list = ${ds.cloudInit ? `[ ${ds.cloudInit.join(', ')} ]${where}` : "unset (cloud-init's built-in list, Azure included)"}`);
        if (ds.differ)
            lines.push(`    ds-identify reads it differently: [ ${ds.dsIdentify.list.join(', ')} ]`);
        lines.push(`    network configuration: ${ci.networkConfigDisabled.length ? `disabled (${ci.networkConfigDisabled.map((o) => `${o.path}:${o.line}`).join(', ')})` : 'managed by cloud-init'}`);
        if (ci.staleSeeds.length)
            lines.push(`    NoCloud seeds: ${ci.staleSeeds.map((s) => s.path).join(', ')}`);
        if (ci.installerLeftovers.length)
            lines.push(`    installer leftovers: ${ci.installerLeftovers.join(', ')}`);
    }
    return lines;
}
function sshSetting(name, v) {
    const value = Array.isArray(v.value) ? (v.value.length ? v.value.join(' ') : '(none)') : typeof v.value === 'boolean' ? (v.value ? 'yes' : 'no') : String(v.value);
    return `${name} ${value}${v.source ? `  (${v.source.path}:${v.source.line})` : '  (default)'}`;
}
function loginLines(facts) {
    const lines = ['SSH and accounts'];
    const sshd = facts.sshd;
    if (!sshd)
        lines.push('  sshd: not collected');
    else {
        lines.push(`  sshd: ${sshd.daemonPath ? `installed (${sshd.daemonPath})` : 'no sshd binary found'}, ${sshd.enabledAtBoot ? 'starts at boot' : 'does not start at boot'}`);
        for (const u of sshd.units)
            lines.push(`    ${u.unit}: ${u.reason}`);
        const s = sshd.settings;
        lines.push(`    ${sshSetting('PasswordAuthentication', s.passwordAuthentication)}`);
        lines.push(`    ${sshSetting('PubkeyAuthentication', s.pubkeyAuthentication)}`);
        lines.push(`    ${sshSetting('PermitRootLogin', s.permitRootLogin)}`);
        lines.push(`    host keys: ${sshd.hostKeys.length ? `${sshd.hostKeys.length} files in /etc/ssh` : 'none'}${sshd.keyGenerator ? `; generator ${sshd.keyGenerator}` : ''}`);
    }
    const accounts = facts.accounts;
    if (!accounts)
        lines.push('  accounts: not collected');
    else {
        const withCredentials = accounts.accounts.filter(hasCredentials);
        lines.push(`  accounts with a password or SSH key:${withCredentials.length ? '' : ' none'}`);
        for (const a of withCredentials)
            lines.push(`    ${describeCredentials(a)}`);
    }
    return lines;
}
function networkLines(facts) {
    const net = facts.network;
    if (!net)
        return ['Network: not collected'];
    const lines = ['Network'];
    const active = net.stacks.filter((s) => s.active).map((s) => s.id);
    lines.push(`  stacks that start at boot: ${active.length ? active.join(', ') : 'none'}`);
    if (net.cloudInit.regenerates)
        lines.push('  cloud-init writes the network configuration for each new instance');
    for (const i of net.interfaces) {
        const addressing = i.staticIpv4.length ? `static ${i.staticIpv4.join(', ')}` : i.ipv4;
        lines.push(`  ${i.path}:${i.line} ${i.id}: ${addressing}; ${i.inForce.inForce ? 'in force' : 'not in force'} (${i.inForce.reason}); ${i.azure.reason}`);
    }
    for (const b of net.persistentNames)
        lines.push(`  ${b.path}:${b.line} binds ${b.name} to ${b.mac}`);
    return lines;
}

/**
 * What `vhd-gate inspect` prints: the image as a tree, then OS, agents and the detected OS state.
 * Every entry of `lines` is one line and most carry image text (labels, paths, user names,
 * settings), so each is passed through `oneLine`: a newline or escape sequence inside is shown,
 * not obeyed.
 */
function renderInspectText(result) {
    const { image } = result;
    const lines = [image.source];
    const c = image.container;
    lines.push(`├─ container: ${c.format}, virtual size ${size(c.virtualSize)}, file size ${size(c.fileSize)}`);
    if (c.footer) {
        lines.push(`│  footer: creator "${c.footer.creatorApplication.trim()}", checksum ${c.footer.checksumValid ? 'valid' : 'INVALID'}, unique id ${c.footer.uniqueId}`);
    }
    for (const note of c.notes)
        lines.push(`│  note: ${note}`);
    const table = image.partitionTable;
    lines.push(`├─ partition table: ${table.scheme}${table.diskId ? ` (disk id ${table.diskId})` : ''}${table.gptHeader === 'backup' ? ', backup GPT header' : ''}`);
    for (const note of table.notes)
        lines.push(`│  note: ${note}`);
    const volumes = table.partitions.length > 0 ? table.partitions : [undefined];
    volumes.forEach((partition, i) => {
        const last = i === volumes.length - 1;
        const fs = image.filesystems.find((f) => (partition ? f.partition === partition.number : f.volume === 'disk'));
        lines.push(`│  ${last ? '└─' : '├─'} ${partition ? partitionLine(partition) : 'whole disk'}`);
        if (fs)
            lines.push(`│  ${last ? '   ' : '│ '}  └─ ${filesystemLine(fs)}`);
        if (partition && image.esp?.partition === partition.number) {
            const esp = image.esp;
            const loaders = esp.error ? `not readable: ${describeRecord(esp.error)}` : esp.loaders.length ? esp.loaders.join(', ') : 'none';
            lines.push(`│  ${last ? '   ' : '│ '}      EFI loaders: ${loaders}`);
        }
    });
    const logicalVolumes = image.filesystems.filter((f) => f.volume.startsWith('LV '));
    if (logicalVolumes.length > 0) {
        lines.push('├─ LVM logical volumes');
        logicalVolumes.forEach((lv, i) => {
            const last = i === logicalVolumes.length - 1;
            lines.push(`│  ${last ? '└─' : '├─'} ${lv.volume.slice(3)}  size ${humanBytes(lv.size)}`);
            lines.push(`│  ${last ? '   ' : '│ '}  └─ ${filesystemLine(lv)}`);
        });
    }
    lines.push(`├─ mounts${image.mounts.length === 0 ? ': none (no guest root found)' : ''}`);
    image.mounts.forEach((m, i) => lines.push(`│  ${i === image.mounts.length - 1 ? '└─' : '├─'} ${m.mountPoint} <- ${m.volume} (${m.fsType})`));
    for (const problem of image.problems)
        lines.push(`│  problem: ${problem}`);
    lines.push(`└─ guest: ${result.guestError ? `not readable: ${describeRecord(result.guestError)}` : 'read'}`);
    if (result.facts) {
        lines.push('', ...guestSummaryLines(result.facts));
        if (result.facts.unavailable.length > 0) {
            lines.push('', 'Facts not collected');
            for (const u of result.facts.unavailable)
                lines.push(`  ${u.subject}: ${describeRecord(u.error)}`);
        }
    }
    lines.push('', `Detected OS state: ${result.detected.osState}`);
    for (const evidence of result.detected.evidence)
        lines.push(`  - ${evidence}`);
    lines.push('', ...ioLine(result.io).split('\n'));
    return neutraliseOutput(redact(lines.map(oneLine).join('\n') + '\n'));
}
function size(bytes) {
    return bytes >= 1024 ? `${humanBytes(bytes)} (${bytes} bytes)` : humanBytes(bytes);
}
function partitionLine(p) {
    const parts = [`${p.number}`, p.typeName || p.type, `start ${hex(p.start)}`, `size ${humanBytes(p.size)}`];
    if (p.label)
        parts.push(`label "${p.label}"`);
    if (p.partUuid)
        parts.push(`partuuid ${p.partUuid}`);
    if (p.bootable)
        parts.push('bootable');
    return parts.join('  ');
}
function filesystemLine(f) {
    const parts = [f.type];
    if (f.uuid)
        parts.push(`uuid ${f.uuid}`);
    if (f.label)
        parts.push(`label "${f.label}"`);
    if (f.mountPoint)
        parts.push(`mounted at ${f.mountPoint}`);
    if (f.error)
        parts.push(`error: ${describeRecord(f.error)}`);
    return parts.join(', ');
}

/**
 * Colour for the text report on a terminal, and nowhere else: not in files (--output), not in
 * JSON, not in a pipe or a CI log unless asked for. The convention most CLIs follow:
 * FORCE_COLOR (set, and not "0" or "false") turns it on, else NO_COLOR (set and non-empty,
 * no-color.org) turns it off, else a TTY that is not TERM=dumb has it. Node's own colour
 * detection gives FORCE_COLOR the same precedence over NO_COLOR.
 */
function wantsColor(env, isTTY) {
    const force = env.FORCE_COLOR;
    if (force !== undefined)
        return !['0', 'false'].includes(force.trim().toLowerCase());
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '')
        return false;
    return isTTY && env.TERM !== 'dumb';
}
const sgr = (code) => (text) => `\x1b[${code}m${text}\x1b[0m`;
const red = sgr('31');
const yellow = sgr('33');
const cyan = sgr('36');
const green = sgr('32');
const dim = sgr('2');
const bold = sgr('1');
/**
 * Colours a rendered text report line by line. The report is already neutralised (no escape
 * character from the image survives it), and every line this matches by its start was written
 * by the renderer: image text never begins a line.
 */
function colorizeText(report) {
    let waivedSection = false;
    return report
        .split('\n')
        .map((line, i) => {
        if (i === 0)
            return verdictColor(line);
        if (/^[A-Z][A-Za-z ,]+ \(\d+\)$/.test(line)) {
            waivedSection = line.startsWith('Waived (');
            return bold(line);
        }
        if (waivedSection && /^ {2}\[/.test(line))
            return dim(line);
        if (/^ {2}\[error\] /.test(line))
            return red(line);
        if (/^ {2}\[warning\] /.test(line))
            return yellow(line);
        if (/^ {2}\[info\] /.test(line))
            return cyan(line);
        return line;
    })
        .join('\n');
}
function verdictColor(line) {
    if (line.startsWith('PASS'))
        return bold(green(line));
    if (line.startsWith('FAIL'))
        return bold(red(line));
    if (line.startsWith('ERROR'))
        return bold(red(line));
    return line;
}

/**
 * Azure Pipelines logging commands (`##vso[area.action key=value;...]message`), one per line
 * (learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands: "Each logging
 * command must be on a single line").
 *
 * Escaping follows what the agent decodes. microsoft/azure-pipelines-agent
 * src/Microsoft.VisualStudio.Services.Agent/Command.cs (Command.TryParse) takes the text up
 * to the first `]` after `##vso[` as the command, splits properties at `;`, and runs both
 * every property value and the message through src/Agent.Sdk/CommandStringConvertor.cs
 * Unescape: `%3B` -> `;`, `%0D` -> CR, `%0A` -> LF, `%5D` -> `]`, then `%AZP25` -> `%`
 * (percent decoding is on by default in current agents). So `escapeVso` encodes `%` first,
 * then those four, and is applied to values and messages alike. (azure-pipelines-task-lib's
 * taskcommand.ts leaves `;` and `]` in messages alone; encoding them too is harmless since the
 * agent decodes them, and keeps a message from ever looking like more command.)
 */
const escapes = [
    [';', '%3B'],
    ['\r', '%0D'],
    ['\n', '%0A'],
    [']', '%5D'],
];
/** Escapes one property value or message for a logging command. */
function escapeVso(text) {
    let escaped = text.split('%').join('%AZP25');
    for (const [token, replacement] of escapes)
        escaped = escaped.split(token).join(replacement);
    return escaped;
}
/**
 * One command line; properties in the given order, values and message redacted, then each line
 * of them neutralised (unsafe characters shown, any `##vso[` inside broken: report/neutralise.ts)
 * so the text the agent decodes holds no second command, then escaped.
 */
function vsoCommand(command, properties, message) {
    const props = properties
        .filter((p) => p[1] !== undefined)
        .map(([key, value]) => `${key}=${escapeVso(oneLine(redact(String(value))))}`)
        .join(';');
    return `##vso[${command} ${props}${props ? ';' : ''}]${escapeVso(redact(message).split(/\r?\n/).map(oneLine).join('\n'))}`;
}
/** task.logissue for each error and warning finding (the command has no info type), then task.complete. */
function vsoCheckCommands(result) {
    const lines = [];
    for (const finding of result.findings) {
        if (finding.severity === 'info')
            continue;
        lines.push(logIssue(finding));
    }
    if (result.verdict === 'error' && result.guestError) {
        lines.push(vsoCommand('task.logissue', [['type', 'error']], describeRecord(result.guestError)));
    }
    const issues = result.findings.some((f) => f.severity !== 'info');
    const outcome = result.verdict === 'pass' ? (issues ? 'SucceededWithIssues' : 'Succeeded') : 'Failed';
    lines.push(vsoCommand('task.complete', [['result', outcome]], 'done'));
    return lines;
}
/** The commands when the image could not be inspected: one error, then Failed. */
function vsoErrorCommands(record) {
    return [
        vsoCommand('task.logissue', [['type', 'error'], ['code', `${record.layer}-${record.kind}`]], describeRecord(record)),
        vsoCommand('task.complete', [['result', 'Failed']], 'done'),
    ];
}
function logIssue(finding) {
    // sourcepath/linenumber point at the guest file; Azure Pipelines shows them beside the message.
    const located = finding.evidence.find((e) => e.path !== undefined);
    // A waived finding is logged as a warning that says so: the team accepted it, it does not fail the job.
    const waived = finding.waiver ? `[waived ${finding.severity}: ${waiverText(finding.waiver)}] ` : '';
    return vsoCommand('task.logissue', [
        ['type', finding.waiver ? 'warning' : finding.severity],
        ['sourcepath', located?.path],
        ['linenumber', located?.line],
        ['code', finding.ruleId],
    ], `${waived}${finding.message} Fix: ${finding.fix} Docs: ${finding.docs}`);
}

/**
 * The image versions of a gallery image definition, from the JSON `az sig image-version list`
 * prints (an array of versions, each with `storageProfile.osDiskImage.source.uri`), or the REST
 * API's `{ "value": [...] }` list with the same fields under `properties`. A version made from
 * a VHD keeps the blob's URI there; one made from a managed image, disk, snapshot or VM has
 * only a resource ID, which the gate cannot read, so it is skipped and named.
 *
 * The versions do not carry the OS state or Hyper-V generation: the definition has them
 * (`az sig image-definition show`), so the caller passes them in `settings`. When the
 * definition's name is known, a version of another definition is refused.
 */
function listImageVersions(text, label, settings, definitionName) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (cause) {
        throw new IntentError(`cannot read ${label} as JSON: ${cause.message}`, { cause });
    }
    const versions = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.value) ? doc.value : undefined;
    if (!versions)
        throw new IntentError(`${label}: expected the JSON array \`az sig image-version list\` prints (or a REST list with "value")`);
    const listing = { images: [], skipped: [], notes: [] };
    versions.forEach((version, index) => {
        if (!isObject(version))
            throw new IntentError(`${label}: item ${index} is not an object`);
        const name = typeof version.name === 'string' ? version.name : `item ${index}`;
        const id = typeof version.id === 'string' ? version.id : '';
        const defName = /\/images\/([^/]+)\/versions\//i.exec(id)?.[1];
        const shown = defName ? `${defName}/${name}` : name;
        if (definitionName && defName && defName.toLowerCase() !== definitionName.toLowerCase()) {
            // Gating versions of another definition against this one's settings would judge them wrongly.
            throw new IntentError(`${label}: version ${shown} belongs to image definition ${defName}, not ${definitionName}`);
        }
        const properties = isObject(version.properties) ? version.properties : version;
        const source = path(properties, ['storageProfile', 'osDiskImage', 'source']);
        const uri = isObject(source) ? getIgnoreCase(source, 'uri') : undefined;
        if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri)) {
            const other = (isObject(source) && (getIgnoreCase(source, 'id') ?? getIgnoreCase(source, 'storageAccountId'))) || path(properties, ['storageProfile', 'source', 'id']);
            listing.skipped.push({ name: shown, reason: other ? `made from ${String(other).split('/').slice(-2).join('/')}, not a VHD blob: export a read SAS (az snapshot grant-access) and gate that` : 'no storageProfile.osDiskImage.source.uri' });
            return;
        }
        const image = uri.split('?')[0];
        listing.images.push({ name: shown, image, ...settings });
    });
    return listing;
}
function path(obj, keys) {
    let here = obj;
    for (const key of keys) {
        if (!isObject(here))
            return undefined;
        here = getIgnoreCase(here, key);
    }
    return here;
}

/** GitHub Actions runs at most this many jobs from one matrix (docs: "Using a matrix for your jobs"). */
const githubMatrixLimit = 256;
/**
 * A GitHub Actions matrix for `strategy.matrix: ${{ fromJSON(needs.list.outputs.matrix) }}`:
 * one `include` entry per image, keys named like the action's inputs (`image`, `os-state`,
 * `hyper-v-generation`) plus `name` for the job title. Unknown settings are left out.
 */
function githubMatrix(images) {
    return {
        include: images.map((i) => ({
            name: i.name,
            image: i.image,
            ...(i.osState ? { 'os-state': i.osState } : {}),
            ...(i.hyperVGeneration ? { 'hyper-v-generation': i.hyperVGeneration } : {}),
        })),
    };
}
/**
 * An Azure Pipelines `strategy.matrix` object for `matrix: $[ dependencies.list.outputs['list.legs'] ]`:
 * one leg per image, keyed by a leg name (letters, digits and `_`, starting with a letter, at
 * most 100 characters, unique), whose variables are named like the task's inputs (`image`,
 * `osState`, `hyperVGeneration`) plus `imageName`.
 */
function azurePipelinesMatrix(images) {
    const legs = {};
    for (const i of images) {
        legs[uniqueLegName(i.name, legs)] = {
            imageName: i.name,
            image: i.image,
            ...(i.osState ? { osState: i.osState } : {}),
            ...(i.hyperVGeneration ? { hyperVGeneration: i.hyperVGeneration } : {}),
        };
    }
    return legs;
}
/** The matrix of `kind` as one line of JSON (what a step writes to an output variable). */
function renderMatrix(kind, images) {
    return `${JSON.stringify(kind === 'github' ? githubMatrix(images) : azurePipelinesMatrix(images))}\n`;
}
function uniqueLegName(name, taken) {
    let base = name.replace(/\.vhd$/i, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    if (!/^[A-Za-z]/.test(base))
        base = `image_${base}`;
    base = base.slice(0, 90);
    let leg = base;
    for (let n = 2; Object.hasOwn(taken, leg); n++)
        leg = `${base}_${n}`;
    return leg;
}

const options$2 = {
    prefix: { type: 'string' },
    'page-size': { type: 'string' },
    'image-versions': { type: 'string' },
    'image-definition': { type: 'string' },
    'os-state': { type: 'string' },
    'hyper-v-generation': { type: 'string' },
    matrix: { type: 'string' },
    'connection-string': { type: 'string' },
    'blob-endpoint': { type: 'string' },
};
/** Names shown on stderr before "and N more". */
const shownSkipped = 20;
/**
 * `vhd-gate list`: the images a fleet audit fans out over, as a CI matrix on stdout (one line
 * of JSON) and what was left out on stderr. Either the page blobs under a container URL, or the
 * versions of a gallery image definition (`az sig image-version list` JSON, a file or `-` for
 * stdin). Exit 0 when listed (even empty), 2 on a usage or access error.
 */
async function runList(argv, io) {
    let values;
    let positionals;
    try {
        ({ values, positionals } = parseArgs({ args: argv, options: options$2, allowPositionals: true, strict: true }));
    }
    catch (error) {
        return fail(error.message, io);
    }
    const [containerUrl, ...extra] = positionals;
    if (extra.length > 0)
        return fail(`unexpected argument ${JSON.stringify(extra[0])}: list takes one CONTAINER-URL`, io);
    const versionsFile = values['image-versions'];
    if ((containerUrl === undefined) === (versionsFile === undefined)) {
        return fail('list needs a CONTAINER-URL or --image-versions FILE (one of them)', io);
    }
    const matrix = values.matrix ?? 'github';
    if (matrix !== 'github' && matrix !== 'azure-pipelines')
        return fail(`--matrix: ${JSON.stringify(matrix)} is not one of github, azure-pipelines`, io);
    if (versionsFile !== undefined) {
        const blobOnly = ['prefix', 'page-size', 'connection-string', 'blob-endpoint'].find((o) => values[o] !== undefined);
        if (blobOnly)
            return fail(`--${blobOnly} applies to a CONTAINER-URL, not to --image-versions`, io);
    }
    try {
        const definition = values['image-definition'] === undefined ? undefined : await loadImageDefinition(values['image-definition']);
        const intent = buildIntent({
            osState: values['os-state'] === undefined ? undefined : { value: values['os-state'], label: '--os-state' },
            hyperVGeneration: values['hyper-v-generation'] === undefined ? undefined : { value: values['hyper-v-generation'], label: '--hyper-v-generation' },
            definition,
        });
        const settings = {
            ...(intent.osState ? { osState: intent.osState } : {}),
            ...(intent.hyperVGeneration ? { hyperVGeneration: intent.hyperVGeneration } : {}),
        };
        let listing;
        if (versionsFile !== undefined) {
            const text = versionsFile === '-' ? await (io.stdin ?? readProcessStdin)() : await readVersions(versionsFile);
            const definitionName = definition ? await definitionNameOf(values['image-definition']) : undefined;
            listing = listImageVersions(text, versionsFile === '-' ? 'stdin' : versionsFile, settings, definitionName);
        }
        else {
            if (!isBlobUrl(containerUrl))
                return fail(`CONTAINER-URL: expected an http(s) URL such as https://ACCOUNT.blob.core.windows.net/CONTAINER`, io);
            const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
            if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000))
                return fail('--page-size: expected a whole number from 1 to 5000', io);
            // Loaded only here: the Azure SDK is most of the bundle.
            const { listPageBlobs } = await import('./chunks/list-blobs-Ml7drK7w.js');
            listing = await listPageBlobs(containerUrl, { prefix: values.prefix, pageSize, connectionString: values['connection-string'], blobEndpoint: values['blob-endpoint'], env: io.env });
            listing.images = listing.images.map((i) => ({ ...i, ...settings }));
        }
        report(listing, matrix, settings, io);
        io.stdout(renderMatrix(matrix, listing.images));
        return 0;
    }
    catch (error) {
        if (error instanceof GateError)
            return fail(error.message, io, error.layer !== 'io');
        throw error;
    }
}
/** What was listed and left out, on stderr (stdout holds only the matrix). */
function report(listing, matrix, settings, io) {
    const lines = [...listing.notes, `${listing.images.length} image${listing.images.length === 1 ? '' : 's'} to gate`];
    if (listing.skipped.length > 0) {
        lines.push(`skipped ${listing.skipped.length}:`);
        for (const s of listing.skipped.slice(0, shownSkipped))
            lines.push(`  ${s.name}: ${s.reason}`);
        if (listing.skipped.length > shownSkipped)
            lines.push(`  and ${listing.skipped.length - shownSkipped} more`);
    }
    if (settings.osState === undefined || settings.hyperVGeneration === undefined) {
        lines.push('the matrix has no os-state or hyper-v-generation for some images: pass --image-definition (az sig image-definition show) or --os-state and --hyper-v-generation, or give the gate jobs an image-definition');
    }
    if (listing.images.length === 0)
        lines.push(matrix === 'github' ? 'the matrix is empty: GitHub refuses an empty matrix, so guard the gate job with `if: needs.list.outputs.matrix != \'{"include":[]}\'`' : 'the matrix is empty');
    if (matrix === 'github' && listing.images.length > githubMatrixLimit) {
        lines.push(`warning: ${listing.images.length} images, but GitHub Actions runs at most ${githubMatrixLimit} jobs per matrix: split the listing with --prefix`);
    }
    io.stderr(lines.map((l) => `vhd-gate list: ${oneLine(redact(l))}\n`).join(''));
}
async function readVersions(file) {
    try {
        return await readFile(file, 'utf8');
    }
    catch (cause) {
        const code = cause.code;
        throw new GateError('intent', 'unsupported', `cannot read --image-versions ${file}: ${code === 'ENOENT' ? 'no such file' : cause.message}`, { cause });
    }
}
/** The definition's `name` as `az sig image-definition show` prints it (not an ARM template's expression). */
async function definitionNameOf(file) {
    const doc = JSON.parse(await readFile(file, 'utf8'));
    if (!isObject(doc))
        return undefined;
    const name = getIgnoreCase(doc, 'name');
    return typeof name === 'string' && !name.startsWith('[') ? name : undefined;
}
async function readProcessStdin() {
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
function fail(message, io, usageHint = true) {
    io.stderr(`${oneLine(redact(`vhd-gate list: ${message}`))}\n${usageHint ? 'Run `vhd-gate --help` for usage.\n' : ''}`);
    return 2;
}

/** Schema version of the merged JSON (its own family; docs/json-report.md, "Merged report"). */
const mergedSchemaVersion = 1;
/** Verdict order, worst first: a confirmed failure, then an image nobody could judge, then passes. */
const verdictRank = { fail: 0, error: 1, pass: 2 };
/** Merges the reports, sorted worst first (verdict, then error count, warning count, image name). */
function mergeReports(inputs) {
    const rows = inputs.map(rowOf).sort((a, b) => verdictRank[a.verdict] - verdictRank[b.verdict] ||
        b.counts.error - a.counts.error ||
        b.counts.warning - a.counts.warning ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const tally = new Map();
    for (const row of rows) {
        for (const { ruleId, severity } of row.rules) {
            const t = tally.get(`${ruleId} ${severity}`) ?? { ruleId, severity, images: 0 };
            t.images++;
            tally.set(`${ruleId} ${severity}`, t);
        }
    }
    const rules = [...tally.values()].sort((a, b) => (a.severity === b.severity ? b.images - a.images || (a.ruleId < b.ruleId ? -1 : 1) : a.severity === 'error' ? -1 : 1));
    const count = (v) => rows.filter((r) => r.verdict === v).length;
    return { rows, totals: { images: rows.length, pass: count('pass'), fail: count('fail'), error: count('error') }, rules };
}
/** The exit code of merge-reports: 0 when every image passed, 1 otherwise. */
function mergedExitCode(merged) {
    return merged.totals.pass === merged.totals.images ? 0 : 1;
}
function rowOf(input) {
    const unjudged = (why) => ({
        report: input.file,
        source: input.file,
        verdict: 'error',
        intended: { osState: null, hyperVGeneration: null },
        detected: null,
        counts: { error: 0, warning: 0, info: 0 },
        rules: [],
        error: why,
    });
    if ('unreadable' in input)
        return unjudged(`cannot read the report: ${input.unreadable}`);
    let doc;
    try {
        doc = JSON.parse(input.text);
    }
    catch (error) {
        return unjudged(`not a JSON report: ${error.message}`);
    }
    if (!isObject(doc))
        return unjudged('not a JSON report object');
    if (doc.schemaVersion !== schemaVersion)
        return unjudged(`schemaVersion ${JSON.stringify(doc.schemaVersion)}; merge-reports reads version ${schemaVersion} (vhd-gate check --format json)`);
    if (doc.verdict !== 'pass' && doc.verdict !== 'fail' && doc.verdict !== 'error')
        return unjudged('not a check report (no verdict: an inspect report?)');
    const image = isObject(doc.image) ? doc.image : {};
    const intent = isObject(doc.intent) ? doc.intent : {};
    const detected = isObject(doc.detected) ? doc.detected : {};
    const findings = Array.isArray(doc.findings) ? doc.findings.filter(isObject) : [];
    const counts = { error: 0, warning: 0, info: 0 };
    const rules = [];
    for (const severity of ['error', 'warning', 'info']) {
        for (const f of findings.filter((f) => f.severity === severity)) {
            counts[severity]++;
            const ruleId = String(f.ruleId);
            if (severity !== 'info' && !rules.some((r) => r.ruleId === ruleId && r.severity === severity))
                rules.push({ ruleId, severity });
        }
    }
    const errorRecord = isObject(doc.error) ? doc.error : isObject(doc.guestError) ? doc.guestError : undefined;
    return {
        report: input.file,
        source: typeof image.source === 'string' ? image.source : input.file,
        verdict: doc.verdict,
        intended: { osState: stringOrNull(intent.osState), hyperVGeneration: stringOrNull(intent.hyperVGeneration) },
        detected: stringOrNull(detected.osState),
        counts,
        rules,
        error: doc.verdict === 'error' ? (errorRecord && typeof errorRecord.message === 'string' ? `${String(errorRecord.layer)} (${String(errorRecord.kind)}): ${errorRecord.message}` : 'the image could not be inspected') : null,
    };
}
function stringOrNull(value) {
    return typeof value === 'string' ? value : null;
}
function headline(merged) {
    const { images, pass, fail, error } = merged.totals;
    const parts = [`${fail} fail`, `${error} could not be inspected`, `${pass} pass`];
    return `${images} image${images === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
function countsText(c) {
    return `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}`;
}
function intendedText(row) {
    return [row.intended.osState, row.intended.hyperVGeneration].filter((v) => v !== null).join(' ') || '-';
}
/** Markdown for $GITHUB_STEP_SUMMARY (or an Azure Pipelines summary): headline, one row per image, rule tally. */
function renderMergedMarkdown(merged) {
    const verdictCell = { pass: 'PASS', fail: '**FAIL**', error: '**ERROR**' };
    const out = [`## vhd-gate fleet audit: ${mdText(headline(merged))}`, ''];
    out.push('| Verdict | Image | Intended | Detected | Findings | Rules |', '|---|---|---|---|---|---|');
    for (const row of merged.rows) {
        const rules = row.error !== null ? mdText(row.error) : row.rules.map((r) => mdCode(r.ruleId)).join(' ');
        out.push(`| ${verdictCell[row.verdict]} | ${mdCode(row.source)} | ${mdText(intendedText(row))} | ${mdText(row.detected ?? '-')} | ${countsText(row.counts)} | ${rules} |`);
    }
    if (merged.rules.length > 0) {
        out.push('', '### Rules across the fleet', '', '| Rule | Severity | Images |', '|---|---|---|');
        for (const r of merged.rules)
            out.push(`| ${mdCode(r.ruleId)} | ${r.severity} | ${r.images} |`);
    }
    out.push('');
    return neutraliseOutput(redact(out.join('\n')));
}
/** Plain text: the headline, then one line per image, columns aligned. */
function renderMergedText(merged) {
    const rows = merged.rows.map((row) => [
        row.verdict.toUpperCase(),
        oneLine(row.source),
        oneLine(intendedText(row)),
        oneLine(row.detected ?? '-'),
        countsText(row.counts),
        oneLine(row.error ?? row.rules.map((r) => r.ruleId).join(', ')),
    ]);
    const header = ['VERDICT', 'IMAGE', 'INTENDED', 'DETECTED', 'FINDINGS', 'RULES / ERROR'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
    const out = [`vhd-gate: ${headline(merged)}`, '', line(header), ...rows.map(line)];
    if (merged.rules.length > 0)
        out.push('', 'rules across the fleet:', ...merged.rules.map((r) => `  ${oneLine(r.ruleId)} (${r.severity}): ${r.images} image${r.images === 1 ? '' : 's'}`));
    return neutraliseOutput(redact(`${out.join('\n')}\n`));
}
/** The merged JSON (docs/json-report.md, "Merged report"): plain data for report/json.ts renderJson. */
function mergedJson(merged) {
    return plain({ schemaVersion: mergedSchemaVersion, kind: 'merged', totals: merged.totals, images: merged.rows, rules: merged.rules });
}

const options$1 = { format: { type: 'string' } };
/** Largest report file read (a real report is tens of KiB; a bigger file is not one of ours). */
const maxReportBytes = 16 * 1024 * 1024;
/**
 * `vhd-gate merge-reports REPORT.json...`: one table of many check reports, worst first, as
 * text (default), markdown (for $GITHUB_STEP_SUMMARY) or json. Exit 0 when every image
 * passed, 1 when any failed or could not be judged (an unreadable report counts), 2 on usage.
 */
async function runMergeReports(argv, io) {
    let values;
    let files;
    try {
        ({ values, positionals: files } = parseArgs({ args: argv, options: options$1, allowPositionals: true, strict: true }));
    }
    catch (error) {
        return usage$1(error.message, io);
    }
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'markdown' && format !== 'json')
        return usage$1(`--format: ${JSON.stringify(format)} is not one of text, markdown, json`, io);
    if (files.length === 0)
        return usage$1('merge-reports needs at least one REPORT.json', io);
    const inputs = await Promise.all(files.map(readReport));
    const merged = mergeReports(inputs);
    io.stdout(format === 'json' ? renderJson(mergedJson(merged)) : format === 'markdown' ? renderMergedMarkdown(merged) : renderMergedText(merged));
    return mergedExitCode(merged);
}
async function readReport(file) {
    try {
        const { size } = await stat(file);
        if (size > maxReportBytes)
            return { file, unreadable: `${size} bytes, more than a report can be (${maxReportBytes})` };
        return { file, text: await readFile(file, 'utf8') };
    }
    catch (cause) {
        const code = cause.code;
        return { file, unreadable: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : cause.message };
    }
}
function usage$1(message, io) {
    io.stderr(`${oneLine(redact(`vhd-gate merge-reports: ${message}`))}\nRun \`vhd-gate --help\` for usage.\n`);
    return 2;
}

/** `vhd-gate --help`. */
const usage = `vhd-gate: check a Linux VM disk image against the Azure image definition it will be registered with.

Usage:
  vhd-gate check IMAGE [--os-state generalized|specialized] [--hyper-v-generation V1|V2]
                       [--image-definition FILE] [--architecture x64|Arm64]
                       [--security-type TYPE] [--disk-controller-types SCSI,NVMe]
                       [--accelerated-networking true|false] [--format text|json|sarif] [--output FILE]
                       [--fail-on error|warning] [--config FILE] [--quiet] [--docs-url URL]
                       [BLOB OPTIONS]
  vhd-gate inspect IMAGE [--format text|json] [BLOB OPTIONS]
  vhd-gate list CONTAINER-URL [--prefix P] [--page-size N] [LIST OPTIONS] [BLOB OPTIONS]
  vhd-gate list --image-versions FILE|- [LIST OPTIONS]
  vhd-gate merge-reports REPORT.json... [--format text|markdown|json]

IMAGE is a local file or an Azure blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB,
with or without a SAS query), read with ranged requests, never downloaded whole.
  vhd-gate --help | --version

check options:
  --os-state S            the definition's OS state (generalized or specialized)
  --hyper-v-generation G  the definition's Hyper-V generation (V1 or V2)
  --image-definition F    JSON from \`az sig image-definition show\`, or an ARM template with a
                          Microsoft.Compute/galleries/images resource; flags must agree with it
  --architecture A        the definition's architecture: x64 or Arm64
  --security-type T       the definition's SecurityType feature: Standard, TrustedLaunch,
                          TrustedLaunchSupported, TrustedLaunchAndConfidentialVmSupported,
                          ConfidentialVM or ConfidentialVMSupported
  --disk-controller-types L  the DiskControllerTypes feature: SCSI, NVMe or SCSI,NVMe
  --accelerated-networking B the IsAcceleratedNetworkSupported feature: true or false
                          (values are case-insensitive; a rule that needs a setting nobody
                          declared is listed as not run, with the flag that would enable it)
  --format F              report format on stdout, or in --output: text (default), json, or
                          sarif (SARIF 2.1.0 for code scanning; paths relative to the current dir)
  --output FILE           write the report (in --format) to FILE; a text summary still goes to stdout
  --fail-on SEVERITY      lowest severity that fails the check: error (default) or warning
  --config FILE           policy file with waivers and severity overrides (default:
                          .vhd-gate.yml in the working directory, when it exists)
  -q, --quiet             print only the verdict line (and errors on stderr); JSON and
                          --output files stay complete
  --docs-url URL          where findings link their rule's page: URL/ID.md, or URL with {id}
                          (default: VHD_GATE_DOCS_URL, else the project's docs/rules on GitHub)

blob options (a blob URL is authenticated by the SAS in the URL, else the connection string,
else DefaultAzureCredential: environment, workload or managed identity, Azure CLI login):
  --connection-string S   storage connection string (default: AZURE_STORAGE_CONNECTION_STRING);
                          prefer the variable: arguments are visible to other processes
  --blob-endpoint URL     blob endpoint to use instead of the URL's account host (Azurite:
                          http://127.0.0.1:10000/devstoreaccount1; sovereign clouds)

list (fleet audit: prints a CI matrix, one line of JSON, on stdout; what it skipped on stderr):
  CONTAINER-URL           every page blob under https://ACCOUNT.blob.core.windows.net/CONTAINER[/PATH]
                          (block and append blobs are skipped and named); matrix URLs carry no SAS
  --prefix P              only blob names starting with P
  --page-size N           blobs per List Blobs request (1-5000, default 5000)
  --image-versions FILE   the JSON \`az sig image-version list\` prints (- reads stdin): each version's
                          storageProfile.osDiskImage.source.uri
list options:
  --image-definition F    \`az sig image-definition show\` JSON: osState and hyperVGeneration for every image
  --os-state S, --hyper-v-generation G   the same, given directly (must agree with the definition)
  --matrix KIND           github (default: {"include":[{"image":...,"os-state":...,...}]}) or
                          azure-pipelines (a strategy.matrix object: one leg per image)

merge-reports: the JSON reports of many checks (check --format json) as one table, worst first;
  --format text (default), markdown (for $GITHUB_STEP_SUMMARY) or json. Exit 0 when every image
  passed, 1 when any failed or was not judged (an unreadable report counts).

Exit codes: 0 pass, 1 findings at or above --fail-on that are not waived, 2 the image could
not be inspected (or the command line or the policy file was wrong). The text report is
coloured on a terminal only; NO_COLOR turns colour off, FORCE_COLOR on. Under Azure
Pipelines (TF_BUILD=True) the findings are
also printed as ##vso logging commands. VHD_GATE_DEBUG=1 prints stack traces.
A blob read that takes longer than a second shows its progress (bytes, requests) on stderr,
redrawn in place on a terminal, a line every 5 s otherwise; never on stdout.
`;

/** Exit codes: 0 pass, 1 findings at or above the threshold, 2 could not inspect or bad usage. */
const exitCodes = { pass: 0, fail: 1, error: 2 };
const options = {
    'os-state': { type: 'string' },
    'hyper-v-generation': { type: 'string' },
    'image-definition': { type: 'string' },
    architecture: { type: 'string' },
    'security-type': { type: 'string' },
    'disk-controller-types': { type: 'string' },
    'accelerated-networking': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    'connection-string': { type: 'string' },
    'blob-endpoint': { type: 'string' },
    'docs-url': { type: 'string' },
    config: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
};
/** Options only `check` takes. */
const checkOptions = [
    'os-state',
    'hyper-v-generation',
    'image-definition',
    'architecture',
    'security-type',
    'disk-controller-types',
    'accelerated-networking',
    'output',
    'fail-on',
    'docs-url',
    'config',
];
/** The check flags as raw settings inputs. */
function checkInputs(values) {
    return {
        osState: values['os-state'],
        hyperVGeneration: values['hyper-v-generation'],
        imageDefinition: values['image-definition'],
        architecture: values.architecture,
        securityType: values['security-type'],
        diskControllerTypes: values['disk-controller-types'],
        acceleratedNetworking: values['accelerated-networking'],
        failOn: values['fail-on'],
        docsUrl: values['docs-url'],
        config: values.config,
    };
}
/** Runs `vhd-gate` with the given arguments (without node and script); resolves to the exit code. */
async function runCli(argv, io) {
    // Fleet commands have their own options (src/cli/list.ts, merge-reports.ts).
    if (argv[0] === 'list')
        return runList(argv.slice(1), io);
    if (argv[0] === 'merge-reports')
        return runMergeReports(argv.slice(1), io);
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageError(error.message, io);
    }
    const { values, positionals } = parsed;
    if (values.help) {
        io.stdout(usage);
        return exitCodes.pass;
    }
    if (values.version) {
        io.stdout(`${version}\n`);
        return exitCodes.pass;
    }
    const [command, image, ...extra] = positionals;
    if (command === undefined)
        return usageError('missing command: check or inspect', io);
    if (command !== 'check' && command !== 'inspect')
        return usageError(`unknown command ${JSON.stringify(command)}: expected check, inspect, list or merge-reports`, io);
    if (extra.length > 0)
        return usageError(`unexpected argument ${JSON.stringify(extra[0])}: one IMAGE per run`, io);
    if (command === 'inspect') {
        const checkOnly = [...checkOptions.filter((o) => values[o] !== undefined), ...(values.quiet ? ['quiet'] : [])];
        if (checkOnly.length > 0)
            return usageError(`--${checkOnly[0]} is a check option; inspect takes IMAGE and --format`, io);
    }
    let format;
    try {
        format = parseFormat(values.format);
    }
    catch (error) {
        return usageError(error.message, io);
    }
    if (command === 'inspect' && format === 'sarif')
        return usageError('--format sarif is a check format (findings); inspect takes text or json', io);
    const blob = { connectionString: values['connection-string'], blobEndpoint: values['blob-endpoint'] };
    return command === 'check'
        ? runCheck({ image, ...checkInputs(values), ...blob }, { format, output: values.output, quiet: values.quiet === true }, io)
        : runInspect({ image, ...blob }, format, io);
}
async function runCheck(raw, { format, output, quiet }, io) {
    let settings;
    try {
        // --quiet also drops the progress of a slow blob read.
        settings = withEnv(await buildCheckSettings(raw, cliInputNames, io.env, io.cwd), quiet ? { ...io, progress: undefined } : io);
    }
    catch (error) {
        if (error instanceof SettingsError || error instanceof GateError)
            return usageError(error.message, io);
        throw error;
    }
    const azurePipelines = io.env.TF_BUILD === 'True';
    try {
        const result = await checkImage(settings);
        const text = renderCheckText(result, { failOn: settings.failOn });
        const report = format === 'json' ? renderJson(checkReport(result)) : format === 'sarif' ? renderSarif(checkSarif(result, sarifOptions(settings))) : text;
        // People get the text (only the verdict line with --quiet), coloured on a terminal; files and JSON never are.
        const forPeople = quiet ? `${verdictLine(result)}\n` : text;
        const shown = wantsColor(io.env, io.isTTY === true) ? colorizeText(forPeople) : forPeople;
        if (output !== undefined) {
            await writeReport(output, report);
            io.stdout(shown);
        }
        else {
            io.stdout(format === 'text' ? shown : report);
        }
        if (azurePipelines)
            io.stdout(vsoCheckCommands(result).join('\n') + '\n');
        if (result.verdict === 'error')
            io.stderr(`vhd-gate: cannot inspect the guest in ${oneLine(redact(settings.image))}: ${oneLine(redact(result.guestError ? describeRecord(result.guestError) : 'no readable root filesystem'))}\n`);
        return exitCodes[result.verdict];
    }
    catch (error) {
        if (error instanceof SettingsError)
            return usageError(error.message, io);
        return cannotInspect(error, settings.image, settings.intent, format, output, io, sarifOptions(settings));
    }
}
/** SARIF paths are relative to the current directory (the checkout, in CI). */
function sarifOptions(settings) {
    return { docsUrl: settings.docsUrl, baseDir: process.cwd() };
}
async function runInspect(raw, format, io) {
    let settings;
    try {
        settings = withEnv(buildInspectSettings(raw, cliInputNames), io);
    }
    catch (error) {
        return usageError(error.message, io);
    }
    try {
        const result = await inspectImage(settings);
        io.stdout(format === 'json' ? renderJson(inspectReport(result)) : renderInspectText(result));
        return exitCodes.pass;
    }
    catch (error) {
        return cannotInspect(error, settings.image, undefined, format, undefined, io);
    }
}
/** A blob IMAGE reads AZURE_STORAGE_CONNECTION_STRING from the CLI's (injected) environment. */
function withEnv(settings, io) {
    return { ...settings, blob: { ...settings.blob, env: io.env }, ...(io.progress ? { progress: io.progress } : {}) };
}
/** Exit 2 with one clear line on stderr; the JSON (or SARIF) error report where it was asked for. */
async function cannotInspect(error, source, intent, format, output, io, sarif) {
    const record = errorRecord(error);
    io.stderr(renderErrorText(source, record));
    if (io.env.VHD_GATE_DEBUG === '1' && error instanceof Error && error.stack)
        io.stderr(neutraliseOutput(redact(`${error.stack}\n`)));
    const json = format === 'json' ? renderJson(errorReport(source, record, intent)) : format === 'sarif' && sarif ? renderSarif(errorSarif(source, record, sarif)) : undefined;
    if (output !== undefined) {
        try {
            await writeReport(output, json ?? renderErrorText(source, record));
        }
        catch (writeError) {
            io.stderr(`${oneLine(redact(`vhd-gate: ${writeError.message}`))}\n`);
        }
    }
    else if (json) {
        io.stdout(json);
    }
    if (io.env.TF_BUILD === 'True')
        io.stdout(vsoErrorCommands(record).join('\n') + '\n');
    return exitCodes.error;
}
function usageError(message, io) {
    io.stderr(`${oneLine(redact(`vhd-gate: ${message}`))}\nRun \`vhd-gate --help\` for usage.\n`);
    return exitCodes.error;
}
async function writeReport(file, text) {
    try {
        await writeFile(file, text);
    }
    catch (cause) {
        throw new SettingsError(`cannot write --output ${file}: ${cause.code ?? cause.message}`);
    }
}

/** The `vhd-gate` command: everything happens in runCli; this file only binds it to the process. */
runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    // Progress of a slow blob read: stderr only, redrawn in place on a terminal (src/io/progress.ts).
    progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    isTTY: process.stdout.isTTY === true,
}).then((code) => {
    process.exitCode = code;
}, (error) => {
    // Only a bug in vhd-gate gets here; still one line first, the stack only on request.
    process.stderr.write(`vhd-gate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error)
        process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
});
