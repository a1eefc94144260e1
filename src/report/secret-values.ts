/**
 * The secret values the caller's inputs carry, for a CI runner to mask in its log even where a
 * message we do not control quotes one: the whole connection string and its key or SAS, the
 * image URL's SAS query and signature (also decoded: an SDK may quote it so). Our own messages
 * are redacted anyway (report/redact.ts); this is the runner-side second wall (GitHub's
 * `core.setSecret`, Azure Pipelines' `task.setsecret`).
 */
export function secretValues(image: string, connectionString: string): string[] {
  const secrets: string[] = [];
  const cs = connectionString.trim();
  if (cs) {
    secrets.push(cs);
    for (const m of cs.matchAll(/(?:AccountKey|SharedAccessSignature)=([^;]+)/gi)) secrets.push(m[1]!);
  }
  const url = image.trim();
  if (/^https?:\/\//i.test(url)) {
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    if (query) secrets.push(query);
    const sig = /(?:^|&)sig=([^&]+)/i.exec(query)?.[1];
    if (sig) {
      secrets.push(sig);
      try {
        secrets.push(decodeURIComponent(sig));
      } catch {
        /* a malformed escape has no decoded form to mask */
      }
    }
  }
  return [...new Set(secrets)];
}
