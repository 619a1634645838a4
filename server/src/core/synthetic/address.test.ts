import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIPv6 } from './address';
import { addressPolicy, refuseUrl } from './guard';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.15.255.255', 'public'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.63.255.255', 'public'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('IPv4 %s is %s', (ip, kind) => expect(classifyAddress(ip)).toBe(kind));

  it.each([
    ['2606:4700:4700::1111', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
  ])('IPv6 %s is %s', (ip, kind) => expect(classifyAddress(ip)).toBe(kind));

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'], // IPv4-compatible
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['64:ff9b::808:808', 'public'],
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['2002:0808:0808::1', 'public'],
  ])('an IPv4 address inside IPv6 %s is judged as IPv4: %s', (ip, kind) =>
    expect(classifyAddress(ip)).toBe(kind),
  );

  it.each([
    '',
    'localhost',
    'example.com',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:999.0.0.1',
  ])('%j is not an address', (text) => expect(classifyAddress(text)).toBe('invalid'));

  it('parses IPv6 with an IPv4 tail into eight groups', () => {
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
  });
});

describe('the SSRF guard on URLs', () => {
  const strict = addressPolicy(false);
  const open = addressPolicy(true);

  // The URL parser normalises these to dotted quads before the guard sees them.
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/', // decimal
    'http://0x7f000001/', // hex
    'http://0x7f.1/',
    'http://017700000001/', // octal
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://10.0.0.1/',
    'http://012.0.0.1/', // octal 10.0.0.1
    'http://169.254.169.254/latest/meta-data/',
    'http://0xa9fea9fe/', // 169.254.169.254
    'http://[fd00:ec2::254]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://0/',
    'http://localhost:8787/',
    'http://LOCALHOST./',
    'http://api.localhost/',
  ])('refuses %s', (url) => expect(refuseUrl(new URL(url), strict)).toMatch(/is a|loopback name/));

  it('allows public addresses and host names (resolved later)', () => {
    expect(refuseUrl(new URL('https://8.8.8.8/'), strict)).toBeNull();
    expect(refuseUrl(new URL('https://tool.example.edu/lti/config'), strict)).toBeNull();
    expect(refuseUrl(new URL('http://[2606:4700:4700::1111]/'), strict)).toBeNull();
  });

  it('refuses schemes other than http and https', () => {
    expect(refuseUrl(new URL('file:///etc/passwd'), open)).toMatch(/http or https only/);
    expect(refuseUrl(new URL('ftp://example.com/'), open)).toMatch(/http or https only/);
  });

  it('with private targets allowed, still refuses cloud metadata', () => {
    expect(refuseUrl(new URL('http://127.0.0.1:8787/livez'), open)).toBeNull();
    expect(refuseUrl(new URL('http://10.0.0.1/'), open)).toBeNull();
    expect(refuseUrl(new URL('http://localhost/'), open)).toBeNull();
    expect(refuseUrl(new URL('http://169.254.169.254/'), open)).toMatch(/metadata/);
    expect(refuseUrl(new URL('http://[fd00:ec2::254]/'), open)).toMatch(/metadata/);
  });

  it('names the setting that allows private targets', () => {
    expect(strict('10.0.0.1')).toBe(
      '10.0.0.1 is a private address (set SIGHTLINE_ALLOW_PRIVATE_TARGETS=true to allow private targets)',
    );
  });
});
