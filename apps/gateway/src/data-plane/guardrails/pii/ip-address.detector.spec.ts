import { describe, expect, it } from 'vitest';
import { ipAddressDetector } from './ip-address.detector';
import { valuesFound } from './pii-test-helpers';

describe('ipAddressDetector', () => {
  it('finds IPv4 and IPv6 addresses, compressed and with an IPv4 tail', () => {
    expect(
      valuesFound(
        ipAddressDetector,
        'From 203.0.113.7 and 2001:db8::8a2e:370:7334, mapped ::ffff:198.51.100.2.',
      ),
    ).toEqual(['203.0.113.7', '2001:db8::8a2e:370:7334', '::ffff:198.51.100.2']);
  });

  it('leaves out versions, out-of-range octets, OIDs, loopback, netmasks, times, MACs and C++ paths', () => {
    expect(
      valuesFound(
        ipAddressDetector,
        'version 1.2.3.4, 256.1.1.1, 1.3.6.1.4.1, 127.0.0.1, 255.255.255.0, 10:30:45, 00:1a:2b:3c:4d:5e, std::vector, a::b, ::1',
      ),
    ).toEqual([]);
  });
});
