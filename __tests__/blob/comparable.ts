import type { CheckResult } from '../../src/model.js';
import { checkReport, renderJson } from '../../src/report/json.js';

/**
 * What must not depend on where the image lives: the JSON report (and the guest facts behind
 * it) with the image's name replaced, the blob facts and the I/O cost left out.
 */
export function comparable(result: CheckResult) {
  const name = result.image.source;
  const report = JSON.parse(renderJson(checkReport(result)).split(name).join('IMAGE'));
  delete report.io;
  delete report.image.blob;
  return { report, facts: JSON.parse(JSON.stringify(result.facts ?? null).split(name).join('IMAGE')) };
}
