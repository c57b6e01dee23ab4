/** The engine's HTTP API called the way a script would: a citizen's bearer token or a staff cookie. */
import { DEMO_PASSWORD } from './workbench.js';

export interface ApiCall {
  method?: string;
  body?: unknown;
  token?: string;
  cookie?: string;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export async function callApi(baseUrl: string, path: string, init: ApiCall = {}): Promise<ApiAnswer> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      origin: baseUrl,
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.cookie ? { cookie: init.cookie } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

/** Logs a demo staff account in and answers its session cookie (`cs_staff=…`). */
export async function staffCookie(baseUrl: string, username: string): Promise<string> {
  const login = await callApi(baseUrl, '/auth/login', {
    method: 'POST',
    body: { username, password: DEMO_PASSWORD },
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
