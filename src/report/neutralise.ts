/**
 * Image content is attacker-controlled: a user name, a path, a file excerpt or a filesystem
 * label can carry text that a CI runner or a terminal would act on. Every reporter runs what it
 * prints through these functions, so nothing from the image can
 *
 * - start a GitHub workflow command: the runner (actions/runner ActionCommandManager) reads a
 *   line whose text, after leading whitespace, starts with `::` (`::error::`, `::add-mask::`,
 *   `::stop-commands::`), and the older `##[command]` form anywhere in a line;
 * - run an Azure Pipelines logging command: the agent (microsoft/azure-pipelines-agent
 *   Command.TryParse) finds `##vso[` anywhere in a line, and shows `##[group]`/`##[error]` lines
 *   specially;
 * - drive the terminal: ESC/CSI/OSC sequences (clear screen, hyperlinks, title), C1 controls,
 *   carriage return and backspace (overwrite what was printed), bidirectional overrides (show
 *   text in another order than it is).
 *
 * Such characters are shown visibly (`\x1b`, `\r`, `\u202e`), never dropped, so the report still
 * says what the image holds. JSON reports keep every string exact: there the same characters
 * are written as JSON escapes (`\u001b`, `\u005b`), which parse back to the original text.
 */

/**
 * Characters never printed raw: C0 controls (tab and newline included: image text is always
 * one line in a report), DEL and C1 controls, bidi marks, embeddings, overrides and isolates,
 * zero-width and invisible characters, line/paragraph separators, the BOM, interlinear
 * annotation marks, and lone surrogates.
 */
const unsafe =
  /[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same set without newline and tab: what a whole report may contain only as escapes. */
const unsafeInOutput = new RegExp(unsafe.source.replace('\\x00-\\x1f', '\\x00-\\x08\\x0b-\\x1f'), 'g');

const named: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `\r`, `\x1b`, `\u202e`: how an unsafe character is shown. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return named[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * `##vso[` and `##[` (any case) anywhere, and `::` at a line start after optional whitespace:
 * the runner-command prefixes. The `[` or the first `:` is shown as `\x5b` / `\x3a`.
 */
const vsoOrLegacyPrefix = /##(vso)?\[/gi;
const workflowCommandStart = /^(\s*):(?=:)/gm;

/**
 * Image text for one line of a report: every unsafe character shown visibly (newlines too, so
 * it cannot start a line) and runner-command prefixes broken.
 */
export function oneLine(text: string): string {
  return neutraliseCommands(text.replace(unsafe, visible));
}

/**
 * A whole report, log line or message before it is printed: newlines and tabs stay, every other
 * unsafe character is shown visibly, and no line can run a runner command. Reporters apply it
 * to their final output, so text added to a report later is covered as well.
 */
export function neutraliseOutput(text: string): string {
  return neutraliseCommands(text.replace(unsafeInOutput, visible));
}

function neutraliseCommands(text: string): string {
  return text.replace(vsoOrLegacyPrefix, (_m, vso: string | undefined) => `##${vso ?? ''}\\x5b`).replace(workflowCommandStart, '$1\\x3a');
}

/**
 * Serialised JSON, kept exact: unsafe characters JSON.stringify leaves raw (DEL, C1, bidi,
 * U+2028/9) and the `[` of a runner-command prefix become `\uXXXX` escapes inside their
 * strings. `JSON.parse` gives back the same values; no line of the text runs a command.
 */
export function neutraliseJson(json: string): string {
  const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return json.replace(unsafeInOutput, escape).replace(vsoOrLegacyPrefix, (m) => `${m.slice(0, -1)}\\u005b`);
}
