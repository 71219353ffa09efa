import { describe, expect, it } from 'vitest';
import { networkSubject, rateLimitSubject } from '../../app/lib/ip-subject';

describe('rateLimitSubject: what a per-client limit counts against', () => {
  it('an IPv4 address is itself', () => {
    expect(rateLimitSubject('203.0.113.7')).toBe('203.0.113.7');
  });
  it('every address of one IPv6 /64 is one subject, whatever its text form', () => {
    const subjects = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0:0:0:9', '[2001:db8:1:2::abcd]', 'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:2::1')]
      .map(rateLimitSubject);
    expect(new Set(subjects)).toEqual(new Set(['2001:db8:1:2::/64']));
  });
  it('a neighbouring /64 is another subject', () => {
    expect(rateLimitSubject('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });
  it('an IPv4-mapped IPv6 address (dual-stack sockets) is its IPv4 address', () => {
    expect(rateLimitSubject('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(rateLimitSubject('::ffff:c633:6404')).toBe('198.51.100.4');
  });
  it('loopback and all-zero prefixes parse', () => {
    expect(rateLimitSubject('::1')).toBe('::/64');
  });
  it.each(['', 'unknown', '1.2.3', '256.1.1.1', '2001:db8::1::2', '2001:db8:zz::1', '1:2:3:4:5:6:7:8:9', 'evil, 1.2.3.4'])('refuses %j', (raw) => {
    expect(rateLimitSubject(raw)).toBeNull();
  });
});

describe('networkSubject: what an address-rotating client cannot leave', () => {
  it('an IPv4 address is its /24; a mapped one too', () => {
    expect(networkSubject('203.0.113.7')).toBe('203.0.113.0/24');
    expect(networkSubject('::ffff:203.0.113.250')).toBe('203.0.113.0/24');
    expect(networkSubject('203.0.114.7')).toBe('203.0.114.0/24');
  });
  it('every /64 of one IPv6 /48 is one network; the next /48 is another', () => {
    expect(new Set(['2001:db8:5:1::1', '2001:db8:5:ffff::9', '[2001:db8:5::]'].map(networkSubject))).toEqual(new Set(['2001:db8:5::/48']));
    expect(networkSubject('2001:db8:6:1::1')).toBe('2001:db8:6::/48');
  });
  it('refuses what is not an address', () => {
    expect(networkSubject('unknown')).toBeNull();
  });
});
