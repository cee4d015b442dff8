import type { PiiDetector } from './pii-finding';

/** The values a detector finds in a text (test helper: the detectors themselves never copy values out). */
export function valuesFound(detector: PiiDetector, text: string): string[] {
  const findings: Parameters<PiiDetector['find']>[1] = [];
  detector.find(text, findings);
  return findings.map((finding) => text.slice(finding.start, finding.end));
}
