/**
 * The 一体化政务服务平台事项库 over HTTP: its matter list endpoint (CATALOG_PLATFORM_URL), read
 * region by region (`areaCode`) and page by page (`pageNo`, `pageSize`), all matters or only
 * those changed since a time (`updateTimeStart`, Beijing wall clock). Each request has a timeout
 * and is retried with backoff when the platform is unreachable, slow or answers 429/5xx; a
 * refusal (401/403) or a wrong address is reported at once. Every failure is a
 * CatalogSourceError that says what to check. The answer's shape and the record fields are the
 * field mapping's (fieldMapping.ts; docs/catalog.md "Sync and import").
 */
import { REGIONS, type RegionCode } from '@cloud-seat/contracts';
import { BEIJING_OFFSET_MS } from '../../domain/schedule/beijingTime.js';
import { mapRecord, valueAtPath, type FieldMapping } from './fieldMapping.js';
import { CatalogSourceError, type MatterSource, type SourceBatch } from './source.js';

export interface PlatformSettings {
  /** The matter list endpoint. */
  url: string;
  /** `Bearer` token, or a whole header as `Name: value` (e.g. `X-App-Key: abc`). */
  token: string | null;
  pageSize: number;
  mapping: FieldMapping;
  /** Regions to read, in order (default: every region). */
  regions?: readonly RegionCode[];
  /** Only matters the platform changed at or after this instant (incremental sync). */
  updatedSince?: Date | null;
  timeoutMs?: number;
  /** Tries after the first one. */
  retries?: number;
  /** First backoff; doubled for each further try. */
  backoffMs?: number;
}

/** Beijing wall-clock 'YYYY-MM-DD HH:mm:ss', as these platforms take times. */
export function platformTime(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const REGION_NAMES = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]));
const MAX_PAGES = 10_000;

export function authHeader(token: string | null): Record<string, string> {
  if (!token) return {};
  const m = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(token);
  return m ? { [m[1]!]: m[2]! } : { authorization: `Bearer ${token}` };
}

/** Why one try failed, and whether another try may help. */
class TryFailure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export class PlatformSource implements MatterSource {
  readonly kind = 'platform' as const;
  readonly full: boolean;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly settings: PlatformSettings) {
    this.full = !settings.updatedSince;
    this.timeoutMs = settings.timeoutMs ?? 30_000;
    this.retries = settings.retries ?? 3;
    this.backoffMs = settings.backoffMs ?? 1000;
  }

  describe(): string {
    const u = new URL(this.settings.url);
    return `${u.origin}${u.pathname}`;
  }

  async *read(): AsyncIterable<SourceBatch> {
    const { pageSize, mapping } = this.settings;
    for (const region of this.settings.regions ?? REGIONS.map((r) => r.code)) {
      const regionName = REGION_NAMES.get(region) ?? region;
      let seen = 0;
      for (let pageNo = 1; ; pageNo++) {
        if (pageNo > MAX_PAGES) {
          throw new CatalogSourceError(
            `事项库平台${regionName}的页数超过 ${MAX_PAGES} 页，请检查平台的分页参数（pageNo、pageSize）`,
          );
        }
        const answer = await this.page(region, regionName, pageNo);
        const records = valueAtPath(answer, mapping.response.records);
        if (!Array.isArray(records)) {
          throw new CatalogSourceError(
            `事项库平台的返回中没有事项列表（${mapping.response.records}），请检查 CATALOG_PLATFORM_URL 是否为事项列表接口，或字段映射 CATALOG_FIELD_MAP 的 response 设置`,
          );
        }
        const totalValue = Number(valueAtPath(answer, mapping.response.total));
        const total = Number.isFinite(totalValue) && totalValue >= 0 ? totalValue : null;
        seen += records.length;
        // Counted, not computed from pageSize: a platform may serve smaller pages than asked.
        const last = records.length === 0 || (total !== null ? seen >= total : records.length < pageSize);
        yield {
          scope: region,
          rows: records.map((record, i) => ({
            at: `${regionName}第${pageNo}页第${i + 1}条`,
            row: mapRecord(mapping, record),
          })),
          total,
          last,
        };
        if (last) break;
      }
    }
  }

  private pageUrl(region: RegionCode, pageNo: number): string {
    const u = new URL(this.settings.url);
    u.searchParams.set('pageNo', String(pageNo));
    u.searchParams.set('pageSize', String(this.settings.pageSize));
    u.searchParams.set('areaCode', region);
    if (this.settings.updatedSince) u.searchParams.set('updateTimeStart', platformTime(this.settings.updatedSince));
    return u.toString();
  }

  /** One page's answer (JSON, platform code checked), with retries. */
  private async page(region: RegionCode, regionName: string, pageNo: number): Promise<unknown> {
    const where = `${regionName}第${pageNo}页`;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryPage(region, pageNo, where);
      } catch (err) {
        if (!(err instanceof TryFailure)) throw err;
        if (!err.retry) throw new CatalogSourceError(err.message);
        if (attempt >= this.retries) {
          throw new CatalogSourceError(`${err.message}（已重试 ${this.retries} 次）`);
        }
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** attempt));
      }
    }
  }

  private async tryPage(region: RegionCode, pageNo: number, where: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.pageUrl(region, pageNo), {
        headers: { accept: 'application/json', ...authHeader(this.settings.token) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') {
        throw new TryFailure(
          `事项库平台在 ${Math.round(this.timeoutMs / 1000)} 秒内没有返回${where}，请稍后重试或调小 CATALOG_PAGE_SIZE`,
          true,
        );
      }
      const code = e.cause?.code ? `：${e.cause.code}` : '';
      throw new TryFailure(`无法连接事项库平台，请检查 CATALOG_PLATFORM_URL 与网络后重试${code}`, true);
    }
    let body: string;
    try {
      body = await res.text();
    } catch {
      throw new TryFailure(`读取事项库平台${where}时连接中断，请稍后重试`, true);
    }
    if (res.status === 401 || res.status === 403) {
      throw new TryFailure(
        `事项库平台拒绝访问（HTTP ${res.status}），请检查 CATALOG_PLATFORM_TOKEN 是否正确、是否过期`,
        false,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new TryFailure(`事项库平台读取${where}时出错（HTTP ${res.status}）`, true);
    }
    if (!res.ok) {
      throw new TryFailure(
        `事项库平台不接受请求（HTTP ${res.status}），请检查 CATALOG_PLATFORM_URL 是否为事项列表接口`,
        false,
      );
    }
    let answer: unknown;
    try {
      answer = JSON.parse(body);
    } catch {
      throw new TryFailure(`事项库平台返回的${where}不是 JSON，请检查 CATALOG_PLATFORM_URL 是否为事项列表接口`, false);
    }
    const { response } = this.settings.mapping;
    const code = valueAtPath(answer, response.code);
    if (!response.okCodes.some((ok) => String(ok) === String(code))) {
      const message = valueAtPath(answer, response.message);
      throw new TryFailure(
        `事项库平台返回错误（code ${String(code)}${typeof message === 'string' && message ? `：${message}` : ''}），请按平台的提示检查后重试`,
        false,
      );
    }
    return answer;
  }
}
