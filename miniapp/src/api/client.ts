/**
 * The one HTTP client of the citizen app, over uni.request (works in H5 and the mini-program).
 *
 * Citizens authenticate with a guest token (POST /api/auth/guest) kept in uni storage and sent
 * as `Authorization: Bearer <token>`. A 401 means the token is gone or expired: the client gets
 * a new guest token once and retries the request once.
 */
import type { ErrorBody, GuestRequest, GuestResponse } from '@cloud-seat/contracts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface TransportRequest {
  url: string;
  method: HttpMethod;
  header: Record<string, string>;
  data?: unknown;
}

export interface TransportResponse {
  statusCode: number;
  data: unknown;
}

/** Sends one request; rejects only when no HTTP answer came back at all. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** One file as multipart/form-data (uni.uploadFile), field name `file`. */
export interface UploadRequest {
  url: string;
  header: Record<string, string>;
  filePath: string;
  fileName: string;
}
export type UploadTransport = (request: UploadRequest) => Promise<TransportResponse>;

/** One file downloaded to a local path (uni.downloadFile: a temp file, a blob: URL in H5). */
export interface DownloadRequest {
  url: string;
  header: Record<string, string>;
}
export type DownloadTransport = (request: DownloadRequest) => Promise<{ statusCode: number; tempFilePath: string }>;

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

/** An error answer of the engine, or a network failure (status 0, code NETWORK_ERROR). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Send the guest token (default true). */
  auth?: boolean;
}

export interface ApiClientOptions {
  /** '' for same origin, else an absolute origin without trailing slash. */
  baseUrl: string;
  tokens: TokenStore;
  transport?: Transport;
  uploadTransport?: UploadTransport;
  downloadTransport?: DownloadTransport;
  /** Body of POST /api/auth/guest (e.g. the elder-mode preference). */
  guestRequest?: () => GuestRequest;
}

export class ApiClient {
  private readonly baseUrl: string;
  private readonly tokens: TokenStore;
  private readonly transport: Transport;
  private readonly uploadTransport: UploadTransport;
  private readonly downloadTransport: DownloadTransport;
  private readonly guestRequest: () => GuestRequest;
  private guestInFlight: Promise<string> | null = null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl;
    this.tokens = options.tokens;
    this.transport = options.transport ?? uniTransport;
    this.uploadTransport = options.uploadTransport ?? uniUploadTransport;
    this.downloadTransport = options.downloadTransport ?? uniDownloadTransport;
    this.guestRequest = options.guestRequest ?? (() => ({}));
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  /** The stored guest token, or a new one (concurrent callers share one guest request). */
  async ensureToken(): Promise<string> {
    const token = this.tokens.get();
    if (token) return token;
    return this.renewToken();
  }

  currentToken(): string | null {
    return this.tokens.get();
  }

  /** Uploads one file (authenticated like every request, one retry on a 401). */
  async upload<T>(path: string, file: { path: string; name: string }, query?: RequestOptions['query']): Promise<T> {
    const send = (token: string) =>
      this.uploadTransport({
        url: this.baseUrl + path + queryString(query),
        header: { Accept: 'application/json', Authorization: `Bearer ${token}` },
        filePath: file.path,
        fileName: file.name,
      });
    const token = await this.ensureToken();
    let response = await send(token);
    if (response.statusCode === 401) response = await send(await this.renewToken(token));
    return unwrap<T>(response);
  }

  /**
   * Downloads a protected file (chat attachments are served only to the signed-in people of the
   * conversation) to a local path an <image> or openDocument can use. One retry on a 401.
   */
  async download(path: string): Promise<string> {
    const fetchWith = (token: string) =>
      this.downloadTransport({ url: this.baseUrl + path, header: { Authorization: `Bearer ${token}` } });
    const token = await this.ensureToken();
    let result = await fetchWith(token);
    if (result.statusCode === 401) result = await fetchWith(await this.renewToken(token));
    if (result.statusCode !== 200) {
      throw new ApiError(
        result.statusCode,
        'DOWNLOAD_FAILED',
        result.statusCode === 404 ? '文件不存在或已删除' : '文件下载失败',
      );
    }
    return result.tempFilePath;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    const token = auth ? await this.ensureToken() : null;
    let response = await this.send(method, path, options, token);
    if (auth && response.statusCode === 401) {
      // The token expired or the engine forgot it: one new guest identity, one retry.
      const renewed = await this.renewToken(token);
      response = await this.send(method, path, options, renewed);
    }
    return unwrap<T>(response);
  }

  private send(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    token: string | null,
  ): Promise<TransportResponse> {
    const header: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) header['Content-Type'] = 'application/json';
    if (token) header.Authorization = `Bearer ${token}`;
    const request: TransportRequest = { url: this.baseUrl + path + queryString(options.query), method, header };
    if (options.body !== undefined) request.data = options.body;
    return this.transport(request);
  }

  /**
   * Gets a new guest token. `stale` is the token that was just rejected: if another caller
   * already replaced it, that newer token is used instead of creating yet another guest.
   */
  private renewToken(stale?: string | null): Promise<string> {
    const current = this.tokens.get();
    if (stale !== undefined && current && current !== stale) return Promise.resolve(current);
    if (!this.guestInFlight) {
      this.tokens.clear();
      this.guestInFlight = this.send('POST', '/api/auth/guest', { body: this.guestRequest() }, null)
        .then((response) => {
          const { token } = unwrap<GuestResponse>(response);
          this.tokens.set(token);
          return token;
        })
        .finally(() => {
          this.guestInFlight = null;
        });
    }
    return this.guestInFlight;
  }
}

function unwrap<T>(response: TransportResponse): T {
  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) return (statusCode === 204 || data === '' ? undefined : data) as T;
  const error = isErrorBody(data) ? data.error : null;
  throw new ApiError(
    statusCode,
    error?.code ?? `HTTP_${statusCode}`,
    error?.message ?? '服务暂时不可用，请稍后再试',
    error?.details,
  );
}

function isErrorBody(data: unknown): data is ErrorBody {
  if (typeof data !== 'object' || data === null || !('error' in data)) return false;
  const error = (data as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** uni.request as a Transport. */
export const uniTransport: Transport = (request) =>
  new Promise((resolve, reject) => {
    uni.request({
      url: request.url,
      method: request.method,
      header: request.header,
      data: request.data as UniNamespace.RequestOptions['data'],
      dataType: 'json',
      timeout: 15000,
      success: (result) => resolve({ statusCode: result.statusCode, data: result.data }),
      fail: (result) => reject(new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试', result.errMsg)),
    });
  });

/** uni.uploadFile as an UploadTransport (its answer body is a string: parsed as JSON). */
export const uniUploadTransport: UploadTransport = (request) =>
  new Promise((resolve, reject) => {
    uni.uploadFile({
      url: request.url,
      header: request.header,
      filePath: request.filePath,
      name: 'file',
      // H5 sends the blob under this name; the mini-program uses the temp file's own name.
      ...({ fileName: request.fileName } as object),
      timeout: 120000,
      success: (result) => {
        let data: unknown = result.data;
        try {
          data = JSON.parse(result.data);
        } catch {
          // Not JSON: unwrap reports the status.
        }
        resolve({ statusCode: result.statusCode, data });
      },
      fail: (result) => reject(new ApiError(0, NETWORK_ERROR, '文件上传失败，请检查网络后重试', result.errMsg)),
    });
  });

/** uni.downloadFile as a DownloadTransport. */
export const uniDownloadTransport: DownloadTransport = (request) =>
  new Promise((resolve, reject) => {
    uni.downloadFile({
      url: request.url,
      header: request.header,
      timeout: 120000,
      success: (result) => resolve({ statusCode: result.statusCode, tempFilePath: result.tempFilePath }),
      fail: (result) => reject(new ApiError(0, NETWORK_ERROR, '文件下载失败，请检查网络后重试', result.errMsg)),
    });
  });

/** A TokenStore in uni storage. */
export function uniTokenStore(key: string): TokenStore {
  return {
    get: () => {
      const value: unknown = uni.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : null;
    },
    set: (token) => uni.setStorageSync(key, token),
    clear: () => uni.removeStorageSync(key),
  };
}
