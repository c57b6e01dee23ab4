/**
 * ASSISTANT=rasa on a real engine: citizen turns go to a Rasa REST channel (a local HTTP server
 * speaking its format, ivr's stand-in) with the region and matter as metadata; Rasa's text,
 * buttons, matter link and handoff become the conversation's replies and the ACD handoff; a Rasa
 * that fails hands the citizen to a seat instead of leaving them without an answer.
 */
import { randomUUID } from 'node:crypto';
import { startRasaStandIn, type RasaStandIn } from '@cloud-seat/ivr/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createMatter, createSeat } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { RASA_UNAVAILABLE_TEXT } from './rasaFrontLine.js';

let rasa: RasaStandIn;
let engine: TestEngine;
beforeAll(async () => {
  rasa = await startRasaStandIn([
    {
      when: '身份证丢了怎么办',
      messages: [
        { text: '居民身份证丢失后，请携带户口簿到户籍所在地派出所申请补领。' },
        { custom: { matter: 'RASA-ID-CARD' } },
        { text: '还需要别的帮助吗？', buttons: [{ title: '转人工', payload: '/handoff' }] },
      ],
    },
    { when: '转人工', messages: [{ text: '好的，正在为您转接。' }, { custom: { handoff: { reason: 'requested' } } }] },
  ]);
  engine = await startTestEngine({ env: { ASSISTANT: 'rasa', RASA_URL: rasa.url, RASA_TIMEOUT_MS: '1000' } });
  await createMatter('150602', { name: '居民身份证补领', basicCode: 'RASA-ID-CARD' });
  // a seat on duty in the region, so a handoff queues instead of offering 留言
  const seat = await createSeat({ regionCode: '150602' });
  const seatApi = await new ApiClient(engine.url).login(seat.username, seat.password);
  expect((await seatApi.put('/seat/state', { state: 'paused', reason: 'meeting' })).status).toBe(200);
});
afterAll(async () => {
  await engine?.stop();
  await rasa?.close();
});

async function waitForReplies(api: ApiClient, id: string, count: number) {
  const deadline = Date.now() + 8000;
  for (;;) {
    const messages = (await api.get(`/conversations/${id}/messages`)).body.messages as Array<{
      senderType: string;
      body: string;
      matter?: { name: string } | null;
      choices?: { label: string; value: string }[];
    }>;
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) throw new Error(`only ${messages.length} messages`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the Rasa front line', () => {
  it('sends the turn with its metadata and shows Rasa’s answer, card and buttons', async () => {
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '张女士' });
    const id = (await citizen.post('/conversations', { regionCode: '150602' })).body.id as string;
    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '身份证丢了怎么办' });
    const messages = await waitForReplies(citizen, id, 4);
    expect(messages.map((m) => m.senderType)).toEqual(['assistant', 'citizen', 'assistant', 'assistant']);
    expect(messages[2]).toMatchObject({
      body: '居民身份证丢失后，请携带户口簿到户籍所在地派出所申请补领。',
      matter: { name: '居民身份证补领' },
    });
    expect(messages[3]!.choices).toEqual([{ label: '转人工', value: '转人工', action: 'send' }]);
    const request = rasa.requests.at(-1)!;
    expect(request.body).toMatchObject({
      sender: id,
      message: '身份证丢了怎么办',
      metadata: { region: '150602', conversationId: id, matter: null },
    });

    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '转人工' });
    const after = await waitForReplies(citizen, id, 7);
    expect(after.slice(5).map((m) => m.body)).toEqual([
      '好的，正在为您转接。',
      '您已进入排队，正在为您连线坐席，请稍候。',
    ]);
    expect((await citizen.get(`/conversations/${id}`)).body.status).toBe('queued');
    // the matter Rasa linked went along for the seat
    expect(rasa.requests.at(-1)!.body).toMatchObject({ metadata: { matter: 'RASA-ID-CARD' } });
  });

  it('hands the citizen to a seat when Rasa fails', async () => {
    rasa.knobs.fail = { status: 500 };
    try {
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '赵先生' });
      const id = (await citizen.post('/conversations', { regionCode: '150602' })).body.id as string;
      await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '社保怎么交' });
      const messages = await waitForReplies(citizen, id, 4);
      expect(messages[2]!.body).toBe(RASA_UNAVAILABLE_TEXT);
      expect((await citizen.get(`/conversations/${id}`)).body.status).toBe('queued');
    } finally {
      rasa.knobs.fail = null;
    }
  });
});
