import { oneLine } from './neutralise.js';

/**
 * Escaping for a Mermaid flowchart inside a ```mermaid fence of the job summary or a PR comment.
 * Image text only ever becomes a node's quoted label; node IDs are ours (n0, n1, ...). In a label
 * Mermaid ends the string at `"`, reads `#name;` / `#123;` as entity codes, backticks as a
 * Markdown string, `%%` as a comment and `<...>` as HTML; so every character outside a small
 * allow-list is written as a decimal entity code (`#60;`), which Mermaid shows as the character
 * and never interprets. Unsafe characters (controls, bidi) are first shown visibly (oneLine).
 */

/** Longest label, in characters of the (visible) text, before it is cut with an ellipsis. */
export const mermaidLabelChars = 80;

const allowed = /[A-Za-z0-9 .,:/_+=@()-]/;

/** Text as the content of a quoted Mermaid label: `n1["<this>"]`. */
export function mermaidLabel(text: string): string {
  const visible = oneLine(text);
  const chars = [...visible];
  const cut = chars.length > mermaidLabelChars ? [...chars.slice(0, mermaidLabelChars - 1), '…'] : chars;
  return cut.map((ch) => (allowed.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}
