/**
 * Test support: a stand-in for the 一体化政务服务平台事项库 that speaks HTTP like the real one
 * (the shape documented in docs/catalog.md "Sync and import"): an http server on 127.0.0.1 with
 * real paging, `areaCode` and `updateTimeStart` filters, a bearer token check, and knobs to
 * break it: a malformed record, a failing page, slow pages. Never used by the engine itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type PlatformRecord = Record<string, unknown>;

export interface StandInKnobs {
  /** The token the stand-in expects (`Authorization: Bearer …`); null: no check. */
  token: string | null;
  /** Milliseconds before each page is answered. */
  delayMs: number;
  /** Answer this page (of one region, or of any) with an HTTP error, `times` times (default: always). */
  failPage: { areaCode?: string; pageNo: number; status: number; times?: number } | null;
  /** Serve the record at this position (0-based, among the region's) broken: no name, an unknown type. */
  malformed: { areaCode: string; index: number } | null;
}

export interface PlatformStandIn {
  url: string;
  /** The records served; tests change them between syncs. */
  records: PlatformRecord[];
  knobs: StandInKnobs;
  /** Every request's URL, in order. */
  requests: URL[];
  close(): Promise<void>;
}

/** A complete record in the platform's shape, `n` making it unique within its region. */
export function platformRecord(areaCode: string, n: number, overrides: PlatformRecord = {}): PlatformRecord {
  const basic = `11150600MB${String(1000 + (n % 9000)).padStart(4, '0')}`;
  return {
    TASK_NAME: `测试事项${n}`,
    CATALOG_CODE: basic,
    TASK_CODE: `${basic}-${areaCode}-${n}`,
    TASK_TYPE: n % 2 === 0 ? '01' : '20',
    DEPT_NAME: '鄂尔多斯市测试局',
    SERVE_TYPE: '1',
    AREA_CODE: `${areaCode}000000`,
    PERSON_THEME: '户籍办理',
    LEGAL_THEME: '',
    BUSINESS_TYPE: '综合咨询',
    TASK_DESC: `第${n}号测试事项的简介`,
    ALIAS: '测试,样例',
    ACCEPT_CONDITION: '申请人为本市户籍居民。',
    TRANSACT_ADDR: '鄂尔多斯市政务服务中心一楼',
    TRANSACT_TIME: '工作日 9:00-12:00，14:30-17:30',
    LINK_TEL: '0477-8588000',
    SUPERVISE_TEL: '12345',
    ANTICIPATE_DAY: '20个工作日',
    PROMISE_DAY: 5,
    IS_CHARGE: '0',
    CHARGE_DESC: '',
    BY_LAW: '《中华人民共和国户口登记条例》',
    WEB_APPLY_URL: 'https://zwfw.example.gov.cn/apply',
    LIMIT_SCENE_NUM: 1,
    MATERIALS: [
      { MATERIAL_NAME: '居民身份证', IS_NEED: '1', MATERIAL_FORM: '1', PAGE_FORMAT: '原件1份', REMARK: '' },
      { MATERIAL_NAME: '户口簿', IS_NEED: '0', MATERIAL_FORM: '3', PAGE_FORMAT: '原件1份', REMARK: '如有' },
    ],
    PROCESS: [
      { STEP_NAME: '申请', STEP_DESC: '申请人提交材料' },
      { STEP_NAME: '受理', STEP_DESC: '窗口审核' },
    ],
    TASK_STATE: '1',
    UPDATE_DATE: '2025-01-02 03:04:05',
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPlatformStandIn(
  records: PlatformRecord[] = [],
  knobs: Partial<StandInKnobs> = {},
): Promise<PlatformStandIn> {
  const state: PlatformStandIn = {
    url: '',
    records,
    knobs: { token: 'stand-in-token', delayMs: 0, failPage: null, malformed: null, ...knobs },
    requests: [],
    close: async () => undefined,
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      state.requests.push(url);
      const { knobs: k } = state;
      if (k.token && req.headers.authorization !== `Bearer ${k.token}`) {
        return json(res, 401, { code: 401, msg: '令牌无效', data: null });
      }
      const pageNo = Number(url.searchParams.get('pageNo') ?? '1');
      const pageSize = Number(url.searchParams.get('pageSize') ?? '10');
      if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
        return json(res, 200, { code: 400, msg: '分页参数错误', data: null });
      }
      const areaCode = url.searchParams.get('areaCode') ?? '';
      const since = url.searchParams.get('updateTimeStart');
      if (k.delayMs > 0) await sleep(k.delayMs);
      const fail = k.failPage;
      if (fail && fail.pageNo === pageNo && (!fail.areaCode || fail.areaCode === areaCode) && (fail.times ?? 1) > 0) {
        if (fail.times !== undefined) fail.times--;
        return json(res, fail.status, { code: fail.status, msg: '系统繁忙', data: null });
      }
      const matching = state.records
        .filter((r) => String(r.AREA_CODE ?? '').startsWith(areaCode))
        // Both sides are 'YYYY-MM-DD HH:mm:ss' Beijing time: text order is time order.
        .filter((r) => !since || String(r.UPDATE_DATE ?? '') >= since)
        .map((r, i) =>
          k.malformed && k.malformed.areaCode === areaCode && k.malformed.index === i
            ? { ...r, TASK_NAME: '', TASK_TYPE: 'XX' }
            : r,
        );
      const start = (pageNo - 1) * pageSize;
      json(res, 200, {
        code: 200,
        msg: '操作成功',
        data: { total: matching.length, pageNo, pageSize, records: matching.slice(start, start + pageSize) },
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/catalog/tasks`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
