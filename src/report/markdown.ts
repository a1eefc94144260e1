import { oneLine } from './neutralise.js';

/**
 * Escaping for the GitHub job summary, which GitHub renders as Markdown with HTML enabled.
 * One function per context, because what is safe differs: in text and table cells HTML and
 * Markdown must be escaped (`<script>` is text, `*` is not emphasis, `|` does not end the
 * cell); inside a code span HTML entities are shown literally (`&lt;`), so there only the
 * fence and the table's `|` matter.
 */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '|': '&#124;' };

/**
 * Image (or any) text as Markdown text, safe in a table cell: one line with unsafe characters
 * shown visibly, HTML special characters as entities, and the Markdown punctuation that could
 * start emphasis, a link, an image, code or strikethrough backslash-escaped.
 */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]~!#]/g, '\\$&')
    .replace(/[&<>"|]/g, (ch) => htmlEntities[ch]!);
}

/**
 * Text as a code span: a backtick fence longer than any backtick run inside, padded with a
 * space when the text starts or ends with a backtick or a space (CommonMark strips one), and
 * `|` as `\|` (GFM reads a table row's cells before code spans; `\|` is its escape there).
 * HTML is not escaped: a code span shows its content literally.
 */
export function mdCode(text: string): string {
  const content = oneLine(text).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A URL as a Markdown link target: characters that would end it or break a table are percent-encoded. */
export function mdLinkTarget(url: string): string {
  return url.replace(/[()<>|\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
