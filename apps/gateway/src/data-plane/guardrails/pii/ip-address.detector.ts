import { isIP } from 'node:net';
import { textBefore } from './match-context';
import type { PiiDetector } from './pii-finding';

// Four dotted numbers that are not part of a longer dotted run (an OID, a five-part version).
const IPV4_CANDIDATE = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;
// Hex groups and colons, possibly ending in a dotted IPv4 tail; node:net decides what is really an address.
const IPV6_CANDIDATE =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g;

// Dotted numbers that are versions or section numbers ("version 1.2.3.4", "chapter 4.1.2.3").
const NOT_AN_ADDRESS_LABEL =
  /\b(?:version|ver\.?|release|build|firmware|v|chapter|section|sect\.?|§|figure|fig\.?|table|step|clause|article|art\.?|rule|paragraph|para\.?)\s*$/;

/** Addresses that identify no one: unspecified, loopback, broadcast, and netmasks. */
function identifiesNoOne(address: string): boolean {
  if (address === '0.0.0.0' || address.startsWith('127.') || address === '255.255.255.255') return true;
  return address.startsWith('255.') && address.split('.').every((octet) => NETMASK_OCTETS.has(octet));
}
const NETMASK_OCTETS: ReadonlySet<string> = new Set([
  '0',
  '128',
  '192',
  '224',
  '240',
  '248',
  '252',
  '254',
  '255',
]);

/**
 * IPv4 and IPv6 addresses, validated by node:net's isIP (no leading zeros, octets up to 255, one `::`). Version
 * numbers and sections ("version 1.2.3.4", "chapter 4.1.2.3"), loopback and netmasks are left out; an IPv6 candidate needs a group of three or
 * more hex digits, so `a::b` in C++ or Rust paths is not taken for an address.
 */
export const ipAddressDetector: PiiDetector = {
  type: 'ip_address',
  find(text, into) {
    const found: { start: number; end: number }[] = [];
    if (text.includes('.')) {
      for (const match of text.matchAll(IPV4_CANDIDATE)) {
        const address = match[0];
        if (isIP(address) !== 4 || identifiesNoOne(address)) continue;
        if (NOT_AN_ADDRESS_LABEL.test(textBefore(text, match.index, 16))) continue;
        found.push({ start: match.index, end: match.index + address.length });
      }
    }
    if (text.includes(':')) {
      for (const match of text.matchAll(IPV6_CANDIDATE)) {
        const address = match[0];
        if (!/[0-9A-Fa-f]{3}/.test(address) || isIP(address) !== 6 || address === '::1') continue;
        const start = match.index;
        const end = start + address.length;
        // An IPv4-mapped address (::ffff:198.51.100.2) is one address, not two.
        const inside = found.findIndex((other) => other.start >= start && other.end <= end);
        if (inside >= 0) found.splice(inside, 1);
        found.push({ start, end });
      }
    }
    found.sort((a, b) => a.start - b.start);
    for (const { start, end } of found) into.push({ type: 'ip_address', start, end });
  },
};
