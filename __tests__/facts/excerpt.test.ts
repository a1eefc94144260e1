import { describe, expect, it } from '@jest/globals';
import { excerptOf } from '../../src/facts/excerpt.js';
import { maskSecrets } from '../../src/facts/secrets.js';

// `openssl passwd -6 -salt fixturesalt test` and a line of an ssh-keygen ed25519 private key.
const hash = '$6$fixturesalt$HPJPbpnTvGFFuukJcvmmaHzSH750dVt6RDHN1jmrIXeTQiXREeVV0rgEKnZP5phNNiHNvCoKJh.ucGKZJUTIC1';
const keyLine = 'QyNTUxOQAAACAwXkpOkOA3OoiYcmGqli1f+tSal9IrneX2UsQabSto2QAAAJB7gG2qe4Bt';

describe('excerptOf: allow-listed settings shown as written, everything else masked', () => {
  it.each([
    // What the rules quote stays exactly as written.
    ['datasource_list: [ Azure, None ]', 'datasource_list: [ Azure, None ]'],
    ['  Provisioning.Agent=auto  ', 'Provisioning.Agent=auto'],
    ['Provisioning.DeleteRootPassword=n', 'Provisioning.DeleteRootPassword=n'],
    ['BOOTPROTO="dhcp"', 'BOOTPROTO="dhcp"'],
    ['iface eth0 inet static', 'iface eth0 inet static'],
    ['      dhcp4: true', 'dhcp4: true'],
    ['- 10.10.10.2/24', '- 10.10.10.2/24'],
    ['[Match]', '[Match]'],
    ['MACAddress=00:15:5d:01:02:03', 'MACAddress=00:15:5d:01:02:03'],
    ['network: {config: disabled}', 'network: {config: disabled}'],
    ['SUBSYSTEM=="net", ACTION=="add", ATTR{address}=="52:54:00:6b:3c:1d", NAME="eth0"', 'SUBSYSTEM=="net", ACTION=="add", ATTR{address}=="52:54:00:6b:3c:1d", NAME="eth0"'],
    // Secrets next to them are masked, keys kept.
    ['{datasource_list: [Azure], password: s3cr3t}', '{datasource_list: [Azure], password: <hidden>}'],
    ['network: {config: disabled, passwd: s3cr3t}', 'network: {config: disabled, passwd: <hidden>}'],
    ['eth0: {dhcp4: true, auth: {key-management: psk, password: "s3cr3t"}}', 'eth0: {dhcp4: true, auth: {key-management: <hidden>, password: <hidden>}}'],
    ['psk=s3cr3t', 'psk=<hidden>'],
    ['wep-key0=s3cr3t', 'wep-key0=<hidden>'],
    ['private-key-password=s3cr3t', 'private-key-password=<hidden>'],
    ["WPA_PSK='s3cr3t'", "WPA_PSK='<hidden>'"],
    ['  wpa-psk s3cr3t', 'wpa-psk <hidden>'],
    ['plain_text_passwd: s3cr3t', 'plain_text_passwd: <hidden>'],
    ['- {name: bob, password: s3cr3t, type: text}', '- {name: bob, password: <hidden>, type: text}'],
    ['HttpProxy.Host=http://u:s3cr3t@proxy', 'HttpProxy.Host=<hidden>'],
    ['ds=nocloud;s=http://u:s3cr3t@10.0.0.1/', 'ds=nocloud;s=http://u:<hidden>@10.0.0.1/'],
    // Comments go; lines that are not settings are not shown.
    ['Provisioning.Agent=auto # password=s3cr3t', 'Provisioning.Agent=auto'],
    ['# password: s3cr3t', '# (comment)'],
    ['root:s3cr3t', '<hidden>'],
    [`passwd: "${hash}"`, 'passwd: <hidden>'],
    [`name: ${hash}`, 'name: <hidden>'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', '<hidden>'],
    [keyLine, '<hidden>'],
    [`    ${keyLine}`, '<hidden>'],
  ])('%j -> %j', (line, expected) => {
    expect(excerptOf(line)).toBe(expected);
  });

  it('is at most 120 characters', () => {
    expect(excerptOf(`datasource_list: [ ${'Azure, '.repeat(30)}None ]`)).toHaveLength(120);
  });
});

describe('maskSecrets: free text kept by facts', () => {
  it.each([
    ['console=ttyS0 password=s3cr3t net.ifnames=0', 'console=ttyS0 password=<hidden> net.ifnames=0'],
    ['http://proxyuser:s3cr3t@10.0.0.9', 'http://proxyuser:<hidden>@10.0.0.9'],
    [`root:${hash}:19675`, 'root:<hidden>:19675'],
    [`key ${keyLine}`, 'key <hidden>'],
    ['/usr/lib/systemd/system/cloud-init-local.service', '/usr/lib/systemd/system/cloud-init-local.service'],
    ['PasswordAuthentication yes', 'PasswordAuthentication yes'],
  ])('%j -> %j', (text, expected) => {
    expect(maskSecrets(text)).toBe(expected);
  });
});
