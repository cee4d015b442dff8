/**
 * Reads a Prometheus text exposition into `name{label="value",…}` → number, labels sorted by name, so a test can
 * look a series up whatever order the client printed its labels in. Comments and blank lines are skipped.
 */
export type Scrape = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Scrape {
  const samples: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name, labels = '', value] = match;
    samples.set(
      seriesKey(name!, Object.fromEntries([...labels.matchAll(LABEL)].map(([, k, v]) => [k, v]))),
      Number(value),
    );
  }
  return samples;
}

/** The key parsePrometheusText files a series under. */
export function seriesKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}="${value}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

/** Scrapes a /metrics URL; fails on anything but a 200 in the Prometheus text format. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain')) throw new Error(`${url} answered ${type}`);
  return parsePrometheusText(await response.text());
}

/** One series' value, 0 when it is absent (a counter nobody incremented yet). */
export function valueOf(samples: Scrape, name: string, labels: Record<string, string> = {}): number {
  return samples.get(seriesKey(name, labels)) ?? 0;
}
