/**
 * The one HTTP client of the workbench: same-origin fetch with the staff session cookie, JSON in
 * and out, and the engine's error body `{error: {code, message}}` turned into an ApiError whose
 * message is the Chinese text to show.
 */
import type { ErrorBody } from '@cloud-seat/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function createClient(fetchImpl: Fetch = (input, init) => fetch(input, init)) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      const form = body instanceof FormData;
      res = await fetchImpl(`/api${path}`, {
        method,
        credentials: 'same-origin',
        // A FormData body sets its own multipart content type.
        headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const data: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const error = (data as ErrorBody | undefined)?.error;
      throw new ApiError(
        res.status,
        error?.code ?? 'HTTP_ERROR',
        error?.message ?? `服务异常（${res.status}），请稍后再试`,
      );
    }
    return data as T;
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
    del: <T = void>(path: string) => request<T>('DELETE', path),
    /** One file as multipart/form-data (field `file`). */
    upload: <T>(path: string, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<T>('POST', path, form);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type ApiClient = ReturnType<typeof createClient>;
export const api = createClient();
