#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { h as hasCredentials, d as describeCredentials, a as describeRecord, b as humanBytes, i as ioLine, n as neutraliseOutput, r as redact, o as oneLine, c as hex, p as parseFormat, e as buildCheckSettings, f as cliInputNames, S as SettingsError, G as GateError, g as checkImage, j as renderCheckText, k as renderJson, l as checkReport, m as buildInspectSettings, q as inspectImage, s as inspectReport, t as errorRecord, u as renderErrorText, v as errorReport } from './chunks/settings-CJ9xOkW9.js';
import 'process';
import 'buffer';
import 'node:fs';
import 'node:zlib';
import 'node:path';

/**
 * The human summary `vhd-gate inspect` prints for the guest: OS, the two provisioning agents
 * and how they are set, SSH and who can log in, and the network as the image will bring it
 * up. Every line names the file (and line) it comes from; `--format json` has all facts.
 */
function guestSummaryLines(facts) {
    return [...osLines(facts), '', ...agentLines(facts), '', ...loginLines(facts), '', ...networkLines(facts)];
}
function osLines(facts) {
    const os = facts.osRelease;
    if (!os)
        return ['OS: not collected'];
    const name = os.prettyName ?? ([os.name, os.versionId].filter(Boolean).join(' ') || 'unknown');
    return [`OS: ${name}${os.id ? ` (id ${os.id}${os.versionId ? `, version ${os.versionId}` : ''})` : ''}${os.source ? ` from ${os.source}` : ''}`];
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
    return vsoCommand('task.logissue', [
        ['type', finding.severity],
        ['sourcepath', located?.path],
        ['linenumber', located?.line],
        ['code', finding.ruleId],
    ], `${finding.message} Fix: ${finding.fix} Docs: ${finding.docs}`);
}

/** `vhd-gate --help`. */
const usage = `vhd-gate: check a Linux VM disk image against the Azure image definition it will be registered with.

Usage:
  vhd-gate check IMAGE [--os-state generalized|specialized] [--hyper-v-generation V1|V2]
                       [--image-definition FILE] [--format text|json] [--output FILE]
                       [--fail-on error|warning] [--docs-url URL] [BLOB OPTIONS]
  vhd-gate inspect IMAGE [--format text|json] [BLOB OPTIONS]

IMAGE is a local file or an Azure blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB,
with or without a SAS query), read with ranged requests, never downloaded whole.
  vhd-gate --help | --version

check options:
  --os-state S            the definition's OS state (generalized or specialized)
  --hyper-v-generation G  the definition's Hyper-V generation (V1 or V2)
  --image-definition F    JSON from \`az sig image-definition show\`, or an ARM template with a
                          Microsoft.Compute/galleries/images resource; flags must agree with it
  --format F              report format on stdout, or in --output: text (default) or json
  --output FILE           write the report (in --format) to FILE; a text summary still goes to stdout
  --fail-on SEVERITY      lowest severity that fails the check: error (default) or warning
  --docs-url URL          where findings link their rule's page: URL/ID.md, or URL with {id}
                          (default: VHD_GATE_DOCS_URL, else the project's docs/rules on GitHub)

blob options (a blob URL is authenticated by the SAS in the URL, else the connection string,
else DefaultAzureCredential: environment, workload or managed identity, Azure CLI login):
  --connection-string S   storage connection string (default: AZURE_STORAGE_CONNECTION_STRING);
                          prefer the variable: arguments are visible to other processes
  --blob-endpoint URL     blob endpoint to use instead of the URL's account host (Azurite:
                          http://127.0.0.1:10000/devstoreaccount1; sovereign clouds)

Exit codes: 0 pass, 1 findings at or above --fail-on, 2 the image could not be inspected
(or the command line was wrong). Under Azure Pipelines (TF_BUILD=True) the findings are
also printed as ##vso logging commands. VHD_GATE_DEBUG=1 prints stack traces.
`;

/** The package version; a test keeps it equal to package.json's (the bundle has no JSON import). */
const version = '0.1.0';

/** Exit codes: 0 pass, 1 findings at or above the threshold, 2 could not inspect or bad usage. */
const exitCodes = { pass: 0, fail: 1, error: 2 };
const options = {
    'os-state': { type: 'string' },
    'hyper-v-generation': { type: 'string' },
    'image-definition': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    'connection-string': { type: 'string' },
    'blob-endpoint': { type: 'string' },
    'docs-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
};
/** Runs `vhd-gate` with the given arguments (without node and script); resolves to the exit code. */
async function runCli(argv, io) {
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
        return usageError(`unknown command ${JSON.stringify(command)}: expected check or inspect`, io);
    if (extra.length > 0)
        return usageError(`unexpected argument ${JSON.stringify(extra[0])}: one IMAGE per run`, io);
    if (command === 'inspect') {
        const checkOnly = ['os-state', 'hyper-v-generation', 'image-definition', 'output', 'fail-on', 'docs-url'].filter((o) => values[o] !== undefined);
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
    const blob = { connectionString: values['connection-string'], blobEndpoint: values['blob-endpoint'] };
    return command === 'check'
        ? runCheck({ image, osState: values['os-state'], hyperVGeneration: values['hyper-v-generation'], imageDefinition: values['image-definition'], failOn: values['fail-on'], docsUrl: values['docs-url'], ...blob }, format, values.output, io)
        : runInspect({ image, ...blob }, format, io);
}
async function runCheck(raw, format, output, io) {
    let settings;
    try {
        settings = withEnv(await buildCheckSettings(raw, cliInputNames, io.env), io);
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
        const report = format === 'json' ? renderJson(checkReport(result)) : text;
        if (output !== undefined) {
            await writeReport(output, report);
            io.stdout(text);
        }
        else {
            io.stdout(report);
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
        return cannotInspect(error, settings.image, settings.intent, format, output, io);
    }
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
    return { ...settings, blob: { ...settings.blob, env: io.env } };
}
/** Exit 2 with one clear line on stderr; the JSON error report where JSON was asked for. */
async function cannotInspect(error, source, intent, format, output, io) {
    const record = errorRecord(error);
    io.stderr(renderErrorText(source, record));
    if (io.env.VHD_GATE_DEBUG === '1' && error instanceof Error && error.stack)
        io.stderr(neutraliseOutput(redact(`${error.stack}\n`)));
    const json = format === 'json' ? renderJson(errorReport(source, record, intent)) : undefined;
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
}).then((code) => {
    process.exitCode = code;
}, (error) => {
    // Only a bug in vhd-gate gets here; still one line first, the stack only on request.
    process.stderr.write(`vhd-gate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.VHD_GATE_DEBUG === '1' && error instanceof Error)
        process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
});
