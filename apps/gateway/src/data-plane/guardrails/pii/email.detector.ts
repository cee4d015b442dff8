import type { PiiDetector } from './pii-finding';

// The practical subset of RFC 5322 addresses people write: a dot-atom local part, a host name of labels, and a
// letters-only top-level domain (which keeps `pkg@1.2.3` out). Quoted local parts and IP-literal hosts are left out.
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])/g;

// A "TLD" that is really a file extension: retina assets (`logo@2x.png`) and similar are not addresses.
const FILE_EXTENSIONS: ReadonlySet<string> = new Set(
  'png jpg jpeg gif svg webp ico bmp tif tiff pdf js mjs cjs ts tsx jsx css scss map json yml yaml xml txt md html htm py rb go rs java kt swift zip gz tar mp3 mp4 wav mov webm woff woff2 ttf'.split(
    ' ',
  ),
);

// Reserved (RFC 2606, RFC 6761) or written as a placeholder: `name@domain.tld` shows a format, not an address.
const PLACEHOLDER_DOMAINS: ReadonlySet<string> = new Set(['tld', 'invalid', 'localhost']);

/** Email addresses. */
export const emailDetector: PiiDetector = {
  type: 'email',
  find(text, into) {
    if (!text.includes('@')) return;
    for (const match of text.matchAll(EMAIL)) {
      const topLevel = (match[1] ?? '').toLowerCase();
      if (FILE_EXTENSIONS.has(topLevel) || PLACEHOLDER_DOMAINS.has(topLevel)) continue;
      const value = match[0];
      // A local part cannot end in a dot nor hold two in a row.
      if (value.includes('..') || value.includes('.@')) continue;
      into.push({ type: 'email', start: match.index, end: match.index + value.length });
    }
  },
};
