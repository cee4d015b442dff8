import type { ApiClient, ApiResponse } from './api-client';

/** A file download: the raw text, and the body parsed as JSON only when the answer is JSON (errors). */
export type Download = ApiResponse & { text: string };

/** GET with the browser's cookies, keeping the body as text (ApiClient parses every body as JSON). */
export async function download(
  client: ApiClient,
  path: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Download> {
  const url = new URL(path, client.baseUrl);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(url, { headers: cookie ? { ...headers, cookie } : headers });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    body: json && text ? (JSON.parse(text) as unknown) : undefined,
    setCookies: response.headers.getSetCookie(),
    text,
  };
}

/**
 * RFC 4180 CSV to rows of cells: quoted cells may hold commas, quotes (doubled) and line breaks. Test-only (no CSV
 * parser is installed); the export itself is written by csv-stringify.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else if (character !== '\r') cell += character;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}
