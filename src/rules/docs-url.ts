/**
 * Where each rule's documentation page is published. Findings carry the absolute URL of their
 * rule's page: a report is read in a CI log, a job summary or a pipeline issue, far from this
 * repository, where a relative `docs/rules/ID.md` would point into the user's own repository.
 */

/**
 * The project's rule pages: package.json `homepage` + `/blob/main/docs/rules/` (a test keeps
 * them equal; the bundle has no JSON import). Forks override it with --docs-url, the action's
 * docs-url input or VHD_GATE_DOCS_URL.
 */
export const defaultDocsUrl = 'https://github.com/vhd-gate/vhd-gate/blob/main/docs/rules/';

/**
 * The page of one rule under a docs base URL: `{id}` in the base is replaced by the rule ID
 * (for sites that do not name pages `ID.md`); otherwise the page is `<base>/<ID>.md`.
 */
export function ruleDocsUrl(base: string, ruleId: string): string {
  if (base.includes('{id}')) return base.split('{id}').join(ruleId);
  return `${base.replace(/\/+$/, '')}/${ruleId}.md`;
}
