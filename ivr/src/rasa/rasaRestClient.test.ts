import { afterEach, describe, expect, it } from 'vitest';
import { RasaError, RasaRestClient, webhookUrl, type RasaRequest } from './rasaRestClient.js';
import { startRasaStandIn, type RasaStandIn } from './rasaStandIn.js';

const request: RasaRequest = {
  sender: 'conv-1',
  message: '你好',
  metadata: { region: '150602', conversationId: 'conv-1', matter: null, elderMode: false },
};

let standIn: RasaStandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

async function failure(promise: Promise<unknown>): Promise<RasaError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RasaError);
  return err as RasaError;
}

describe('webhookUrl', () => {
  it('adds the REST channel path to a base address, once', () => {
    expect(webhookUrl('http://rasa:5005')).toBe('http://rasa:5005/webhooks/rest/webhook');
    expect(webhookUrl('http://rasa:5005/')).toBe('http://rasa:5005/webhooks/rest/webhook');
    expect(webhookUrl('http://gw/rasa/')).toBe('http://gw/rasa/webhooks/rest/webhook');
    expect(webhookUrl('http://rasa:5005/webhooks/rest/webhook')).toBe('http://rasa:5005/webhooks/rest/webhook');
    expect(webhookUrl('http://rasa:5005', 's3cret')).toBe('http://rasa:5005/webhooks/rest/webhook?token=s3cret');
  });
});

describe('RasaRestClient', () => {
  it('posts {sender, message, metadata} as JSON to the REST webhook and returns the messages', async () => {
    standIn = await startRasaStandIn([{ when: '你好', messages: [{ text: '您好！' }] }]);
    const client = new RasaRestClient({ url: standIn.url });
    const messages = await client.send(request);
    expect(messages).toEqual([{ recipient_id: 'conv-1', text: '您好！' }]);
    expect(standIn.requests).toHaveLength(1);
    const [seen] = standIn.requests;
    expect(seen!.method).toBe('POST');
    expect(seen!.url.pathname).toBe('/webhooks/rest/webhook');
    expect(seen!.contentType).toMatch(/^application\/json/);
    expect(seen!.body).toEqual({
      sender: 'conv-1',
      message: '你好',
      metadata: { region: '150602', conversationId: 'conv-1', matter: null, elderMode: false },
    });
    expect(client.describe()).toBe(`${standIn.url}/webhooks/rest/webhook`);
  });

  it('sends the token as ?token= and keeps it out of describe()', async () => {
    standIn = await startRasaStandIn([{ when: '你好', messages: [{ text: '您好！' }] }], { token: 's3cret' });
    const client = new RasaRestClient({ url: standIn.url, token: 's3cret' });
    await expect(client.send(request)).resolves.toHaveLength(1);
    expect(standIn.requests[0]!.url.searchParams.get('token')).toBe('s3cret');
    expect(client.describe()).not.toContain('s3cret');
  });

  it('reports a refused token at once, naming RASA_TOKEN', async () => {
    standIn = await startRasaStandIn([], { token: 's3cret' });
    const err = await failure(new RasaRestClient({ url: standIn.url, token: 'wrong', backoffMs: 1 }).send(request));
    expect(err.reason).toBe('refused');
    expect(err.message).toContain('RASA_TOKEN');
    expect(standIn.requests).toHaveLength(1);
  });

  it('reports a server without the REST channel (404) at once', async () => {
    standIn = await startRasaStandIn();
    const client = new RasaRestClient({ url: `${standIn.url}/webhooks/socketio/webhook`, backoffMs: 1 });
    const err = await failure(client.send(request));
    expect(err.reason).toBe('not_found');
    expect(err.message).toContain('credentials.yml');
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a 5xx with backoff and answers when Rasa recovers', async () => {
    standIn = await startRasaStandIn([{ when: '你好', messages: [{ text: '您好！' }] }], {
      fail: { status: 503, times: 2 },
    });
    const client = new RasaRestClient({ url: standIn.url, retries: 2, backoffMs: 5 });
    await expect(client.send(request)).resolves.toEqual([{ recipient_id: 'conv-1', text: '您好！' }]);
    expect(standIn.requests).toHaveLength(3);
  });

  it('gives up after the limited retries with the status and the count', async () => {
    standIn = await startRasaStandIn([], { fail: { status: 500 } });
    const err = await failure(new RasaRestClient({ url: standIn.url, retries: 2, backoffMs: 1 }).send(request));
    expect(err.reason).toBe('server_error');
    expect(err.message).toContain('HTTP 500');
    expect(err.message).toContain('已重试 2 次');
    expect(standIn.requests).toHaveLength(3);
  });

  it('times out a slow Rasa and does not post the turn again', async () => {
    standIn = await startRasaStandIn([{ when: '你好', messages: [{ text: '您好！' }] }], { delayMs: 500 });
    const started = Date.now();
    const err = await failure(new RasaRestClient({ url: standIn.url, timeoutMs: 100, retries: 3 }).send(request));
    expect(Date.now() - started).toBeLessThan(450);
    expect(err.reason).toBe('timeout');
    expect(err.message).toContain('0.1 秒');
    expect(err.message).toContain('RASA_TIMEOUT_MS');
    expect(standIn.requests).toHaveLength(1);
  });

  it.each([
    ['notJson', '不是 JSON'],
    ['notArray', '不是 REST 渠道的消息列表'],
    ['badMessage', '0.buttons.0.payload'],
  ] as const)('turns a malformed answer (%s) into a clear error, without retrying', async (malformed, words) => {
    standIn = await startRasaStandIn([], { malformed });
    const err = await failure(new RasaRestClient({ url: standIn.url, backoffMs: 1 }).send(request));
    expect(err.reason).toBe('malformed');
    expect(err.message).toContain(words);
    expect(standIn.requests).toHaveLength(1);
  });

  it('reports Rasa down (connection refused) after retrying, naming RASA_URL', async () => {
    standIn = await startRasaStandIn();
    const { url } = standIn;
    await standIn.close();
    standIn = null;
    const err = await failure(new RasaRestClient({ url, retries: 1, backoffMs: 1 }).send(request));
    expect(err.reason).toBe('unreachable');
    expect(err.message).toContain('RASA_URL');
    expect(err.message).toContain('已重试 1 次');
  });
});
