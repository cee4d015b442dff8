/** One request and its answer, redirects not followed. */
export type Hop = {
  url: string;
  status: number;
  /** The absolute redirect target, or null when the answer is not a redirect. */
  location: string | null;
  body: string;
  setCookies: string[];
};

/**
 * A browser that follows no redirect on its own: each hop is one call, so a test sees (and may alter) every
 * Location. It keeps cookies per origin and sends them back, as a browser does for these same-site hops.
 */
export class RedirectBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  get(url: string): Promise<Hop> {
    return this.send(url, { method: 'GET' });
  }

  postForm(url: string, form: Record<string, string>): Promise<Hop> {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** The cookies this browser holds for an origin (e.g. the control plane's session cookies). */
  cookies(origin: string): Map<string, string> {
    return this.jar(new URL(origin).origin);
  }

  private async send(url: string, init: { method: string; headers?: Record<string, string>; body?: string }) {
    const jar = this.jar(new URL(url).origin);
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    store(jar, setCookies);
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      location: location === null ? null : new URL(location, url).href,
      body: await response.text(),
      setCookies,
    };
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map();
      this.jars.set(origin, jar);
    }
    return jar;
  }
}

function store(jar: Map<string, string>, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const expired = attributes.some(
      (attribute) =>
        /^max-age=0$/i.test(attribute) ||
        (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
    );
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
