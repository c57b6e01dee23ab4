/**
 * Against a local HTTP server that speaks WeChat's JSON API (stable_token, subscribe/send).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeChatSubscribeMessageChannel } from './subscribeMessageChannel.js';

interface Recorded {
  path: string;
  query: URLSearchParams;
  body: Record<string, any>;
}

const requests: Recorded[] = [];
let sendAnswers: Array<Record<string, unknown>> = [];
let tokens = 0;
let server: http.Server;
let apiBase: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      requests.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(raw || '{}') });
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/cgi-bin/stable_token') {
        tokens += 1;
        res.end(JSON.stringify({ access_token: `TOKEN${tokens}`, expires_in: 7200 }));
      } else if (url.pathname === '/cgi-bin/message/subscribe/send') {
        res.end(JSON.stringify(sendAnswers.shift() ?? { errcode: 0, errmsg: 'ok' }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  requests.length = 0;
  sendAnswers = [];
  tokens = 0;
});

const reminder = {
  appointmentId: 'appt-1',
  citizenId: 'cit-1',
  regionCode: '150602' as const,
  start: new Date('2026-11-25T02:00:00Z'),
  end: new Date('2026-11-25T02:15:00Z'),
  text: '…',
};

function channel(openId: string | null = 'openid-1') {
  return new WeChatSubscribeMessageChannel({
    appId: 'wxapp',
    appSecret: 'secret',
    templateId: 'TPL',
    openIdOf: async () => openId,
    apiBase,
  });
}

describe('WeChat subscribe-message reminders', () => {
  it('fetches a token once, reuses it, and sends the template fields in Beijing time', async () => {
    const c = channel();
    await c.send(reminder);
    await c.send(reminder);
    expect(requests.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(1);
    expect(requests[0]!.body).toEqual({ grant_type: 'client_credential', appid: 'wxapp', secret: 'secret' });
    const sends = requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send');
    expect(sends).toHaveLength(2);
    expect(sends[0]!.query.get('access_token')).toBe('TOKEN1');
    expect(sends[0]!.body).toEqual({
      touser: 'openid-1',
      template_id: 'TPL',
      page: 'pages/appointment/appointment?id=appt-1',
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: {
        thing1: { value: '鄂尔多斯市东胜区云坐席' },
        time2: { value: '2026年11月25日 10:00' },
        time3: { value: '2026年11月25日 10:15' },
        thing4: { value: '请在预约时段内进入连线' },
      },
    });
  });

  it('refreshes an expired token once and retries', async () => {
    sendAnswers = [{ errcode: 42001, errmsg: 'access_token expired' }, { errcode: 0 }];
    await channel().send(reminder);
    const sends = requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send');
    expect(sends.map((s) => s.query.get('access_token'))).toEqual(['TOKEN1', 'TOKEN2']);
  });

  it('treats a citizen without a subscription (43101) or without an openid as nothing to send', async () => {
    sendAnswers = [{ errcode: 43101, errmsg: 'user refuse to accept the msg' }];
    await expect(channel().send(reminder)).resolves.toBeUndefined();
    requests.length = 0;
    await channel(null).send(reminder);
    expect(requests).toHaveLength(0);
  });

  it('fails with the errcode and what to check on any other error', async () => {
    sendAnswers = [{ errcode: 40037, errmsg: 'invalid template_id' }];
    await expect(channel().send(reminder)).rejects.toThrow(/errcode 40037.*WECHAT_REMINDER_TEMPLATE_ID/);
  });
});
