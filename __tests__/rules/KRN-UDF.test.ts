import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { KRN_UDF } from '../../src/rules/KRN-UDF.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent } from '../data/agents/scenarios.js';
import { debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../data/kernel/trees.js';

const VERSION_PY = '/usr/lib/python3/dist-packages/cloudinit/version.py';
/** Debian 12's cloud-init (22.4.2) with its version.py rewritten to `version`. */
const cloudInitAt = (version: string): MemoryTree => {
  const tree = cloudInit();
  tree[VERSION_PY] = (tree[VERSION_PY] as string).replace('__VERSION__ = "22.4.2"', `__VERSION__ = "${version}"`);
  return tree;
};
const CIS = { '/etc/modprobe.d/CIS.conf': '# 1.1.1.x Ensure mounting of udf filesystems is disabled\ninstall udf /bin/false\nblacklist udf\n' };
const kernel = debianCloudKernel();
const udfBuiltIn = (): MemoryTree => ({
  ...kernel,
  [`/boot/config-${V}`]: (kernel[`/boot/config-${V}`] as string).replace('CONFIG_UDF_FS=m', 'CONFIG_UDF_FS=y'),
  [`/lib/modules/${V}/modules.builtin`]: `${kernel[`/lib/modules/${V}/modules.builtin`] as string}kernel/fs/udf/udf.ko\n`,
});

describe('KRN-UDF', () => {
  it.each([
    { name: 'udf a module, nothing disables it', tree: () => ({ ...bareDebian(), ...cloudInit(), ...kernel }), expected: [] },
    {
      name: 'CIS install + blacklist, cloud-init 22.4.2 (IMDS fallback): warning',
      tree: () => ({ ...bareDebian(), ...cloudInit(), ...kernel, ...CIS }),
      expected: [
        'warning udf is disabled by `install udf /bin/false` in /etc/modprobe.d/CIS.conf line 2 and `blacklist udf` in /etc/modprobe.d/CIS.conf line 3; cloud-init 22.4.2 provisions the VM and falls back to the instance metadata service',
      ],
    },
    {
      name: 'the same with cloud-init 20.4: error',
      tree: () => ({ ...bareDebian(), ...cloudInitAt('20.4'), ...kernel, ...CIS }),
      expected: [expect.stringMatching(/^error udf is disabled by .*; cloud-init 20\.4 provisions the VM, and before 21\.2 it has no fallback when the DVD cannot be mounted$/)],
    },
    {
      name: 'blacklist only, waagent provisioning by itself: error (mount -t udf asks for the fs-udf alias, which blacklist ignores)',
      tree: () => ({ ...bareDebian(), ...waagent('waagent'), ...kernel, '/etc/modprobe.d/blacklist-udf.conf': 'blacklist udf\n' }),
      expected: ['error udf is disabled by `blacklist udf` in /etc/modprobe.d/blacklist-udf.conf line 1; waagent provisions the VM and reads ovf-env.xml only from the DVD'],
    },
    {
      name: 'no udf module in the image',
      tree: () => ({ ...bareDebian(), ...waagent('waagent'), ...debianCloudKernel(['hv_vmbus']) }),
      expected: [`error udf is neither built into ${V} nor a module in the image (CONFIG_UDF_FS=m in /boot/config-${V}); waagent provisions the VM and reads ovf-env.xml only from the DVD`],
    },
    {
      name: 'udf without its dependency cdrom',
      tree: () => ({ ...bareDebian(), ...cloudInit(), ...debianCloudKernel(['udf', 'crc_itu_t']) }),
      expected: ['warning udf needs cdrom, which is not in the image; cloud-init 22.4.2 provisions the VM and falls back to the instance metadata service'],
    },
    {
      name: 'udf built in and blacklisted: harmless, said as info',
      tree: () => ({ ...bareDebian(), ...cloudInit(), ...udfBuiltIn(), ...CIS }),
      expected: [`info udf is built into ${V}, so \`install udf /bin/false\` in /etc/modprobe.d/CIS.conf line 2 and \`blacklist udf\` in /etc/modprobe.d/CIS.conf line 3 has no effect (modprobe.d only governs loadable modules)`],
    },
    { name: 'udf built in, nothing disables it', tree: () => ({ ...bareDebian(), ...cloudInit(), ...udfBuiltIn() }), expected: [] },
    {
      name: 'no kernel to judge',
      tree: () => ({ ...bareDebian(), ...cloudInit() }),
      expected: ['info Could not tell which kernel the image boots, so whether udf can be loaded was not checked: no default boot entry was found, and the image has no /lib/modules'],
    },
  ])('$name', async ({ tree, expected }) => {
    expect(await ruleLines(KRN_UDF, tree())).toEqual(expected);
  });

  it('does not run for a specialized image (nothing reads the provisioning DVD)', async () => {
    expect(await ruleLines(KRN_UDF, { ...bareDebian(), ...cloudInit(), ...kernel, ...CIS }, 'specialized')).toEqual([]);
  });

  it('evidence names the Kconfig line, the module file and each directive', async () => {
    const [finding] = await ruleFindings(KRN_UDF, { ...bareDebian(), ...cloudInit(), ...kernel, ...CIS });
    expect(finding!.evidence).toEqual([
      { path: `/boot/config-${V}`, line: expect.any(Number), excerpt: 'CONFIG_UDF_FS=m' },
      { path: `/lib/modules/${V}/kernel/fs/udf/udf.ko`, detail: 'udf module' },
      { path: '/etc/modprobe.d/CIS.conf', line: 2, excerpt: 'install udf /bin/false', detail: 'install: every load runs a command that loads nothing' },
      { path: '/etc/modprobe.d/CIS.conf', line: 3, excerpt: 'blacklist udf', detail: 'blacklist: not loaded by alias (udev modalias, mount -t)' },
    ]);
    expect(finding!.symptom).toMatch(/password-only deployment gets no password and custom data .* is lost/);
  });
});
