/**
 * A small HTTP client for tests: a citizen (bearer token) or a staff member (cookie) talking to
 * a running engine exactly as the apps do.
 */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export class ApiClient {
  private cookie: string | null = null;
  private token: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie, origin: this.baseUrl } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body);
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body);

  /** The headers that authenticate this client (for requests made with fetch directly, e.g. uploads). */
  authHeaders(): Record<string, string> {
    return {
      ...(this.cookie ? { cookie: this.cookie, origin: this.baseUrl } : {}),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
  }

  get sessionToken(): string | null {
    return this.token ?? (this.cookie ? this.cookie.split('=')[1]! : null);
  }

  /** Becomes a guest citizen. */
  async asGuest(body: Record<string, unknown> = {}): Promise<this> {
    const res = await this.post('/auth/guest', body);
    if (res.status !== 201) throw new Error(`guest failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return this;
  }

  /** Logs in as staff (cookie session). */
  async login(username: string, password: string): Promise<this> {
    const res = await this.post('/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }
}
