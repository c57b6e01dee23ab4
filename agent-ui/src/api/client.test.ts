import { describe, expect, it } from 'vitest';
import { ApiError, createClient, type Fetch } from './client';

const respond =
  (status: number, body?: unknown): Fetch =>
  async () =>
    new Response(body === undefined ? null : JSON.stringify(body), { status });

describe('api client', () => {
  it('returns the JSON body of a success', async () => {
    const client = createClient(respond(200, { ok: 1 }));
    expect(await client.get('/x')).toEqual({ ok: 1 });
  });

  it('turns the engine error body into an ApiError with the Chinese message', async () => {
    const client = createClient(
      respond(409, { error: { code: 'OFFER_GONE', message: '该会话已被其他坐席接入或已超时' } }),
    );
    const err = await client.post('/offers/1/accept').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'OFFER_GONE', message: '该会话已被其他坐席接入或已超时' });
  });

  it('gives a readable error for a non-JSON failure and for a network failure', async () => {
    const html = createClient(async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(html.get('/x')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
      message: '服务异常（502），请稍后再试',
    });
    const down = createClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.get('/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('sends JSON with the session cookie and accepts 204', async () => {
    let seen: RequestInit | undefined;
    const client = createClient(async (_url, init) => {
      seen = init;
      return new Response(null, { status: 204 });
    });
    expect(await client.put('/seat/state', { state: 'idle' })).toBeUndefined();
    expect(seen).toMatchObject({ method: 'PUT', credentials: 'same-origin', body: '{"state":"idle"}' });
  });
});
