import { describe, expect, it } from '@jest/globals';
import { GEN_LOGS } from '../../src/rules/GEN-LOGS.js';
import { deprovisioned, runRuleOn } from '../data/identity/trees.js';

describe('GEN-LOGS', () => {
  it.each([
    ['waagent, cloud-init and extension logs', {
      ...deprovisioned(),
      '/var/log/waagent.log': 'INFO Daemon\n',
      '/var/log/waagent.log.1.gz': 'x',
      '/var/log/cloud-init.log': 'x\n',
      '/var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log': 'x',
    }, ['warning agent logs from the build VM: /var/log/waagent.log, /var/log/waagent.log.1.gz, /var/log/cloud-init.log and 1 more']],
    ['emptied logs and an empty azure dir', { ...deprovisioned(), '/var/log/waagent.log': '', '/var/log/azure': { dir: true as const } }, []],
    ['other logs are not this rule', { ...deprovisioned(), '/var/log/syslog': 'x' }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_LOGS, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });
});
