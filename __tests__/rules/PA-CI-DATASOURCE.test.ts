import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_CI_DATASOURCE } from '../../src/rules/PA-CI-DATASOURCE.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines } from '../data/agents/scenarios.js';

const withCfg = (files: Record<string, string>): MemoryTree => ({ ...bareDebian(), ...cloudInit(), ...files });

describe('PA-CI-DATASOURCE', () => {
  it.each([
    ['NoCloud pinned in a single-line list', withCfg({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ NoCloud, None ]\n' }),
      ["error cloud-init's effective datasource_list [NoCloud, None] does not contain Azure"]],
    ['nested key that only ds-identify sees', withCfg({ '/etc/cloud/cloud.cfg.d/50-x.cfg': 'system_info:\n  datasource_list: [ OpenStack ]\n' }),
      ["error ds-identify's datasource list [OpenStack] does not contain Azure: the cloud-init generator disables cloud-init unless another datasource is found"]],
    ['broken YAML hides a NoCloud pin from cloud-init but not from ds-identify', withCfg({ '/etc/cloud/cloud.cfg.d/90-b.cfg': 'datasource_list: [ NoCloud ]\nfoo: [unclosed\n' }),
      ["error ds-identify's datasource list [NoCloud] does not contain Azure: the cloud-init generator disables cloud-init unless another datasource is found"]],
    ['block-style Azure list: ds-identify uses its built-in list', withCfg({ '/etc/cloud/cloud.cfg.d/91-azure_datasource.cfg': 'datasource_list:\n  - Azure\n' }),
      ['warning cloud-init and ds-identify read datasource_list differently: cloud-init [Azure], ds-identify [MAAS, ConfigDrive, NoCloud, AltCloud, Azure, Bigstep, CloudSigma, CloudStack, DigitalOcean, Vultr, AliYun, Ec2, GCE, OpenNebula, OpenStack, OVF, SmartOS, Scaleway, Hetzner, IBMCloud, Oracle, Exoscale, RbxCloud, UpCloud, VMware, LXD, NWCS]']],
    ['Azure pinned', withCfg({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ Azure ]\n' }), []],
    ['unset: built-in lists include Azure', withCfg({}), []],
    ['disabled cloud-init is PA-CI-ENABLED\'s business', withCfg({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ NoCloud ]\n', '/etc/cloud/cloud-init.disabled': '' }), []],
    ['cloud-init never started at boot (no generator, no wants link from a boot target)', (() => {
      const tree = withCfg({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ NoCloud ]\n' });
      delete tree['/lib/systemd/system-generators/cloud-init-generator'];
      return tree;
    })(), []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_CI_DATASOURCE, tree)).toEqual(expected);
  });

  it('cites the file and line of the effective list', async () => {
    const [finding] = await ruleFindings(PA_CI_DATASOURCE, withCfg({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': '# dpkg-reconfigure\ndatasource_list: [ NoCloud, None ]\n' }));
    expect(finding!.evidence).toEqual([{ path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', line: 2, excerpt: 'datasource_list: [ NoCloud, None ]' }]);
  });
});
