/**
 * Rasa over its REST channel (RestInput): `POST <RASA_URL>/webhooks/rest/webhook` with
 * `{sender, message, metadata}`, answered with the bot's messages as a JSON array of
 * `{recipient_id, text?, image?, buttons?, custom?, attachment?}`.
 *
 * Each request has a timeout. Connection failures and 5xx/429 answers are retried a few times with
 * backoff; a timeout is not (Rasa may still be working on the turn, and a second POST would run it
 * twice — the citizen is better served by a seat than by another wait). A refusal (401/403), a
 * wrong address (404) or an answer that is not the channel's array is reported at once. Every
 * failure is a RasaError that says, in Chinese, what to check; the caller turns it into 转人工.
 */
import { z } from 'zod';

/** A button as Rasa sends it: `payload` is what tapping it sends back (`/intent` or text). */
export const rasaButtonSchema = z.looseObject({
  title: z.string(),
  payload: z.string(),
});

/**
 * One bot message. Rasa fills only the keys the response has (a text with buttons is one
 * message); `custom` is whatever the domain's `custom:` response holds.
 */
export const rasaMessageSchema = z.looseObject({
  recipient_id: z.string().optional(),
  text: z.string().optional(),
  image: z.string().optional(),
  buttons: z.array(rasaButtonSchema).optional(),
  custom: z.unknown().optional(),
  attachment: z.unknown().optional(),
});

/** The REST channel's whole answer. */
export const rasaAnswerSchema = z.array(rasaMessageSchema);

export type RasaButton = z.infer<typeof rasaButtonSchema>;
export type RasaMessage = z.infer<typeof rasaMessageSchema>;

/** What the engine tells Rasa about the turn, besides the text (the tracker keeps it per message). */
export interface RasaMetadata {
  /** 区划代码 of the conversation's region. */
  region: string;
  conversationId: string;
  /** 基本编码 of the matter the citizen is on, if any. */
  matter: string | null;
  /** 长辈模式: short sentences, large type, fewer choices. */
  elderMode: boolean;
}

export interface RasaRequest {
  /** Rasa's conversation key (its tracker id): the conversation id. */
  sender: string;
  message: string;
  metadata: RasaMetadata;
}

export interface RasaRestSettings {
  /** Rasa's base address (`http://127.0.0.1:5005`), or the full webhook address. */
  url: string;
  /**
   * Sent as `?token=`, the way Rasa's HTTP API takes its `--auth-token` (the stock REST channel
   * itself checks none; a gateway in front of Rasa may). Null: none.
   */
  token?: string | null;
  timeoutMs?: number;
  /** Tries after the first one (connection failures and 5xx/429 only). */
  retries?: number;
  /** First backoff; doubled for each further try. */
  backoffMs?: number;
}

/** The one call the assistant needs; the stand-in and tests can provide their own. */
export interface RasaChannel {
  send(request: RasaRequest): Promise<RasaMessage[]>;
  describe(): string;
}

export type RasaFailure = 'unreachable' | 'timeout' | 'refused' | 'not_found' | 'server_error' | 'malformed';

/**
 * Rasa could not answer this turn. The message says what to check (for logs and the admin); the
 * citizen should be offered a seat instead (`reason` tells why, for metrics).
 */
export class RasaError extends Error {
  constructor(
    readonly reason: RasaFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RasaError';
  }
}

/** Why one try failed, and whether another try may help. */
class TryFailure extends Error {
  constructor(
    readonly reason: RasaFailure,
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

const WEBHOOK_PATH = '/webhooks/rest/webhook';

/** The webhook address for a base address (or the address itself when it already is one). */
export function webhookUrl(url: string, token: string | null = null): string {
  const u = new URL(url);
  if (!u.pathname.endsWith(WEBHOOK_PATH)) u.pathname = u.pathname.replace(/\/+$/, '') + WEBHOOK_PATH;
  if (token) u.searchParams.set('token', token);
  return u.toString();
}

export class RasaRestClient implements RasaChannel {
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(settings: RasaRestSettings) {
    this.endpoint = webhookUrl(settings.url, settings.token ?? null);
    this.timeoutMs = settings.timeoutMs ?? 5000;
    this.retries = settings.retries ?? 2;
    this.backoffMs = settings.backoffMs ?? 200;
  }

  /** The webhook address without the token, for logs. */
  describe(): string {
    const u = new URL(this.endpoint);
    return `${u.origin}${u.pathname}`;
  }

  async send(request: RasaRequest): Promise<RasaMessage[]> {
    const body = JSON.stringify({ sender: request.sender, message: request.message, metadata: request.metadata });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.trySend(body);
      } catch (err) {
        if (!(err instanceof TryFailure)) throw err;
        if (!err.retry) throw new RasaError(err.reason, err.message);
        if (attempt >= this.retries) throw new RasaError(err.reason, `${err.message}（已重试 ${this.retries} 次）`);
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** attempt));
      }
    }
  }

  private async trySend(body: string): Promise<RasaMessage[]> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw this.fetchFailure(err);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      if (timedOut) throw this.fetchFailure(err);
      throw new TryFailure('unreachable', '读取 Rasa 的回复时连接中断，请检查 Rasa 服务是否在重启', true);
    }
    if (res.status === 401 || res.status === 403) {
      throw new TryFailure(
        'refused',
        `Rasa 拒绝访问（HTTP ${res.status}），请检查 RASA_TOKEN 是否与 Rasa 或其前置网关要求的令牌一致`,
        false,
      );
    }
    if (res.status === 404) {
      throw new TryFailure(
        'not_found',
        `Rasa 没有 REST 渠道（HTTP 404），请检查 RASA_URL 是否指向 Rasa 服务，以及 credentials.yml 是否启用了 rest`,
        false,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new TryFailure('server_error', `Rasa 处理消息时出错（HTTP ${res.status}），请查看 Rasa 的日志`, true);
    }
    if (!res.ok) {
      throw new TryFailure('refused', `Rasa 不接受请求（HTTP ${res.status}），请检查 RASA_URL 与 Rasa 的版本`, false);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new TryFailure(
        'malformed',
        'Rasa 返回的不是 JSON，请检查 RASA_URL 是否指向 Rasa 的 REST 渠道（/webhooks/rest/webhook）',
        false,
      );
    }
    const parsed = rasaAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `（${issue.path.join('.')}：${issue.message}）` : '';
      throw new TryFailure(
        'malformed',
        `Rasa 的回复不是 REST 渠道的消息列表${where}，请检查 RASA_URL 与 domain.yml 中的回复格式`,
        false,
      );
    }
    return parsed.data;
  }

  private fetchFailure(err: unknown): TryFailure {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') {
      return new TryFailure(
        'timeout',
        `Rasa 在 ${(this.timeoutMs / 1000).toFixed(1)} 秒内没有回复，请检查 Rasa 的负载，或调大 RASA_TIMEOUT_MS`,
        false,
      );
    }
    const code = e.cause?.code ? `：${e.cause.code}` : '';
    return new TryFailure(
      'unreachable',
      `无法连接 Rasa，请检查 RASA_URL 以及 Rasa 是否已启动（rasa run）${code}`,
      true,
    );
  }
}
