import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_PYTHON } from '../../src/rules/PA-PYTHON.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent } from '../data/agents/scenarios.js';

const python = (version: string): MemoryTree => ({
  [`/usr/bin/python${version}`]: '\x7fELF',
  '/usr/bin/python3': { symlink: `python${version}` },
  [`/usr/lib/python${version}/os.py`]: '# os\n',
});

describe('PA-PYTHON', () => {
  it.each([
    { name: 'Debian 12 waagent with python3.11', tree: () => ({ ...bareDebian(), ...waagent('waagent'), ...python('3.11') }), expected: [] },
    {
      name: 'waagent without any python3 (the interpreter package was removed)',
      tree: () => ({ ...bareDebian(), ...waagent('waagent') }),
      expected: ['error /usr/sbin/waagent (waagent) runs /usr/bin/python3, which is not in the image: waagent cannot start'],
    },
    {
      name: 'a dangling /usr/bin/python3 link (python3.11 removed, link left)',
      tree: () => ({ ...bareDebian(), ...waagent('waagent'), '/usr/bin/python3': { symlink: 'python3.11' } }),
      expected: ['error /usr/sbin/waagent (waagent) runs /usr/bin/python3, which is not in the image: waagent cannot start'],
    },
    {
      name: 'waagent provisions on Python 3.13 without legacycrypt or crypt_r',
      tree: () => ({ ...bareDebian(), ...waagent('waagent'), ...python('3.13') }),
      expected: ['warning waagent provisions this image with Python 3.13, which has no crypt module, and neither legacycrypt nor crypt_r is installed: deployments with a password fail'],
    },
    { name: 'the same with legacycrypt installed', tree: () => ({ ...bareDebian(), ...waagent('waagent'), ...python('3.13'), '/usr/lib/python3/dist-packages/legacycrypt.py': '# legacycrypt\n', '/usr/lib/python3.13/dist-packages/legacycrypt.py': '# legacycrypt\n' }), expected: [] },
    { name: 'Python 3.13 but cloud-init provisions (waagent hashes no password)', tree: () => ({ ...bareDebian(), ...waagent('cloud-init'), ...cloudInit(), ...python('3.13') }), expected: [] },
    {
      name: 'cloud-init run through /usr/bin/env python3 with no python3 on PATH',
      tree: () => ({ ...bareDebian(), ...cloudInit(), '/usr/bin/cloud-init': '#!/usr/bin/env python3\nimport sys\n' }),
      expected: ['error /usr/bin/cloud-init (cloud-init) runs "python3" from PATH, which is not in the image: cloud-init cannot start'],
    },
    { name: 'the same with /usr/local/bin/python3', tree: () => ({ ...bareDebian(), ...cloudInit(), '/usr/bin/cloud-init': '#!/usr/bin/env python3\n', '/usr/local/bin/python3': '\x7fELF' }), expected: [] },
    { name: 'no agent at all (PA-ANY reports that)', tree: () => bareDebian(), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    expect(await ruleLines(PA_PYTHON, tree())).toEqual(expected);
  });

  it('cites the #! line and what it resolves to', async () => {
    const [finding] = await ruleFindings(PA_PYTHON, { ...bareDebian(), ...waagent('waagent'), ...python('3.13') });
    expect(finding!.evidence).toEqual([{ path: '/usr/sbin/waagent', line: 1, excerpt: '#!/usr/bin/python3', detail: 'runs /usr/bin/python3.13' }]);
  });
});
