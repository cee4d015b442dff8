import { apiErrorBodySchema, type ApiErrorResponse } from '@llmguard/shared';

/** One answer of the control plane, its body parsed as JSON (undefined for an empty body). */
export type ApiResponse<Body = unknown> = {
  status: number;
  headers: Headers;
  body: Body;
  /** Raw Set-Cookie headers, for checking cookie attributes. */
  setCookies: string[];
};

export type RequestOptions = {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Send x-csrf-token from the jar on state-changing requests (default true); false to test CSRF refusals. */
  csrf?: boolean;
};

/**
 * A fetch client with a cookie jar, standing in for a browser: it keeps the cookies the API sets, sends them back,
 * and echoes the CSRF cookie in x-csrf-token the way the portal does.
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get csrfToken(): string | undefined {
    return this.cookies.get('llmguard_csrf');
  }

  get<Body = unknown>(path: string, options?: RequestOptions) {
    return this.request<Body>('GET', path, options);
  }

  post<Body = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<Body>('POST', path, { ...options, body });
  }

  patch<Body = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<Body>('PATCH', path, { ...options, body });
  }

  delete<Body = unknown>(path: string, options?: RequestOptions) {
    return this.request<Body>('DELETE', path, options);
  }

  async request<Body = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<Body>> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0 && headers.cookie === undefined) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (method !== 'GET' && options.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] = this.csrfToken;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const setCookies = response.headers.getSetCookie();
    this.store(setCookies);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as Body,
      setCookies,
    };
  }

  /** A second "browser" sharing nothing with this one. */
  fresh(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  private store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = decodeURIComponent(pair.slice(separator + 1));
      const expired = attributes.some(
        (attribute) =>
          /^max-age=0$/i.test(attribute) ||
          (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The `error` object of a control-plane error answer; fails the test if the body is not that shape. */
export function errorOf(response: ApiResponse): ApiErrorResponse['error'] {
  return apiErrorBodySchema.parse(response.body).error;
}
