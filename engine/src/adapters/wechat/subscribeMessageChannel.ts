/**
 * Appointment reminders as WeChat mini-program subscribe messages (订阅消息), over the official
 * HTTPS API: a stable access token (POST /cgi-bin/stable_token), then
 * POST /cgi-bin/message/subscribe/send?access_token=… per reminder.
 *
 * The template is configured in the mini-program admin console (订阅消息 → 我的模板); its field
 * keys must match `data` below: thing1 服务名称, time2 开始时间, time3 结束时间, thing4 温馨提示.
 * thing.* values are limited to 20 characters. The citizen must have accepted the template in the
 * app (wx.requestSubscribeMessage) and signed in through WeChat (for the openid); without an
 * openid nothing is sent — the in-app notification still reaches them.
 */
import type { Reminder, ReminderChannel } from '../../domain/schedule/reminders.js';
import { regionDisplayName } from '../../domain/schedule/reminders.js';
import { beijingDate, beijingTime } from '../../domain/schedule/beijingTime.js';

export interface WeChatSubscribeOptions {
  appId: string;
  appSecret: string;
  templateId: string;
  /** Page the message opens (the appointment page); the appointment id is appended. */
  page?: string;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  openIdOf: (citizenId: string) => Promise<string | null>;
  apiBase?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  logger?: { warn(obj: object, msg: string): void };
}

/** Token errors after which a fresh token is fetched once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** The citizen has not accepted (or has used up) the subscription: not an error of ours. */
const REFUSED = 43101;
const THING_MAX = 20;

interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export class WeChatSubscribeMessageChannel implements ReminderChannel {
  readonly name = 'wechat-subscribe';
  private token: { value: string; expiresAt: number } | null = null;
  private readonly apiBase: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: WeChatSubscribeOptions) {
    this.apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
  }

  async send(reminder: Reminder): Promise<void> {
    const openId = await this.options.openIdOf(reminder.citizenId);
    if (!openId) {
      this.options.logger?.warn(
        { appointmentId: reminder.appointmentId },
        'no WeChat openid: subscribe message skipped',
      );
      return;
    }
    const body = {
      touser: openId,
      template_id: this.options.templateId,
      page: `${this.options.page ?? 'pages/appointment/appointment'}?id=${reminder.appointmentId}`,
      miniprogram_state: this.options.miniprogramState ?? 'formal',
      lang: 'zh_CN',
      data: {
        thing1: { value: clip(`${regionDisplayName(reminder.regionCode)}云坐席`) },
        time2: { value: wallClock(reminder.start) },
        time3: { value: wallClock(reminder.end) },
        thing4: { value: clip('请在预约时段内进入连线') },
      },
    };
    let answer = await this.post(`/cgi-bin/message/subscribe/send?access_token=${await this.accessToken()}`, body);
    if (answer.errcode && TOKEN_ERRORS.has(answer.errcode)) {
      this.token = null;
      answer = await this.post(`/cgi-bin/message/subscribe/send?access_token=${await this.accessToken()}`, body);
    }
    if (answer.errcode === REFUSED) {
      this.options.logger?.warn(
        { appointmentId: reminder.appointmentId },
        'citizen has no subscription for the reminder template (43101): skipped',
      );
      return;
    }
    if (answer.errcode) {
      throw new Error(
        `WeChat subscribe message failed: errcode ${answer.errcode} ${answer.errmsg ?? ''}; ` +
          'check WECHAT_REMINDER_TEMPLATE_ID and that its fields are thing1/time2/time3/thing4',
      );
    }
  }

  private async accessToken(): Promise<string> {
    const now = this.now().getTime();
    if (this.token && this.token.expiresAt > now) return this.token.value;
    const answer = await this.post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.options.appId,
      secret: this.options.appSecret,
    });
    if (!answer.access_token) {
      throw new Error(
        `WeChat access token refused: errcode ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}; ` +
          'check WECHAT_APP_ID / WECHAT_APP_SECRET and the server IP allow-list',
      );
    }
    // Renew five minutes before WeChat says it expires.
    this.token = { value: answer.access_token, expiresAt: now + ((answer.expires_in ?? 7200) - 300) * 1000 };
    return this.token.value;
  }

  private async post(path: string, body: unknown): Promise<WeChatAnswer> {
    const res = await this.fetch(`${this.apiBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`WeChat API answered HTTP ${res.status} for ${path.split('?')[0]}; retry later`);
    return (await res.json()) as WeChatAnswer;
  }
}

function clip(text: string): string {
  return [...text].slice(0, THING_MAX).join('');
}

/** '2026年11月25日 10:00', Beijing time (a format the time.DATA field accepts). */
function wallClock(instant: Date): string {
  const [y, m, d] = beijingDate(instant).split('-').map(Number);
  return `${y}年${m}月${d}日 ${beijingTime(instant)}`;
}
