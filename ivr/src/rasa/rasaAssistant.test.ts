import { afterEach, describe, expect, it } from 'vitest';
import {
  actionsFromRasa,
  handoffReason,
  isHandoffPayload,
  RasaAssistant,
  type AssistantReply,
} from './rasaAssistant.js';
import { RasaError, RasaRestClient } from './rasaRestClient.js';
import { startRasaStandIn, type RasaStandIn, type ScriptRule } from './rasaStandIn.js';

/** What the shipped project (ivr/rasa/domain.yml) answers, as the REST channel sends it. */
const script: ScriptRule[] = [
  { when: '你好', messages: [{ text: '您好，请问您要办理什么业务？' }] },
  {
    when: /^(转人工|人工客服|\/handoff)$/,
    messages: [{ text: '好的，正在为您转接人工客服，请稍候。' }, { custom: { handoff: { reason: 'requested' } } }],
  },
  {
    when: /投诉/,
    messages: [{ text: '非常抱歉，正在为您转接人工客服。' }, { custom: { handoff: { reason: 'complaint' } } }],
  },
  { when: /急/, messages: [{ text: '正在优先为您转接。' }, { custom: { handoff: { reason: 'urgent' } } }] },
  {
    when: '结婚登记',
    messages: [
      { text: '结婚登记的办事指南：' },
      { custom: { matter: '11150600MB1001' } },
      { image: 'https://zwfw.example.gov.cn/guide/marriage.png' },
    ],
  },
  {
    when: '天气',
    messages: [
      {
        text: '抱歉，这个问题我回答不了。',
        buttons: [
          { title: '转人工', payload: '/handoff' },
          { title: '问办事指南', payload: '/ask_matter' },
        ],
      },
    ],
  },
];

let standIn: RasaStandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

async function assistant(knobs: Parameters<typeof startRasaStandIn>[1] = {}) {
  standIn = await startRasaStandIn(script, knobs);
  return new RasaAssistant(new RasaRestClient({ url: standIn.url, retries: 1, backoffMs: 1, timeoutMs: 1000 }));
}

const turn = (text: string) => ({ conversationId: 'conv-42', text, region: '150602' });

describe('RasaAssistant', () => {
  it('sends the conversation as sender and region, conversation id, matter and elder mode as metadata', async () => {
    const bot = await assistant();
    await bot.reply({ ...turn('你好'), matter: '11150600MB1001', elderMode: true });
    await bot.reply(turn('你好'));
    expect(standIn!.requests.map((r) => r.body)).toEqual([
      {
        sender: 'conv-42',
        message: '你好',
        metadata: { region: '150602', conversationId: 'conv-42', matter: '11150600MB1001', elderMode: true },
      },
      {
        sender: 'conv-42',
        message: '你好',
        metadata: { region: '150602', conversationId: 'conv-42', matter: null, elderMode: false },
      },
    ]);
  });

  it('maps text to say', async () => {
    const bot = await assistant();
    await expect(bot.reply(turn('你好'))).resolves.toEqual({
      actions: [{ kind: 'say', text: '您好，请问您要办理什么业务？' }],
    } satisfies AssistantReply);
  });

  it('maps the custom handoff payload to a handoff with its reason', async () => {
    const bot = await assistant();
    const handoffs = async (text: string) =>
      (await bot.reply(turn(text))).actions.filter((a) => a.kind === 'handoff').map((a) => a.reason);
    expect(await handoffs('转人工')).toEqual(['requested']);
    expect(await handoffs('/handoff')).toEqual(['requested']);
    expect(await handoffs('我要投诉窗口')).toEqual(['complaint']);
    expect(await handoffs('很急')).toEqual(['urgent']);
    const reply = await bot.reply(turn('转人工'));
    expect(reply.actions).toEqual([
      { kind: 'say', text: '好的，正在为您转接人工客服，请稍候。' },
      { kind: 'handoff', reason: 'requested' },
    ]);
  });

  it('maps buttons to choices, marking the one that asks for a seat', async () => {
    const bot = await assistant();
    const reply = await bot.reply(turn('天气'));
    expect(reply.actions).toEqual([
      { kind: 'say', text: '抱歉，这个问题我回答不了。' },
      {
        kind: 'choices',
        choices: [
          { title: '转人工', payload: '/handoff', handoff: true },
          { title: '问办事指南', payload: '/ask_matter', handoff: false },
        ],
      },
    ]);
    expect(reply.actions.some((a) => a.kind === 'handoff')).toBe(false);
  });

  it('maps the custom matter payload to a guide link, and an image to an image, in order', async () => {
    const bot = await assistant();
    const reply = await bot.reply(turn('结婚登记'));
    expect(reply.actions).toEqual([
      { kind: 'say', text: '结婚登记的办事指南：' },
      { kind: 'matterLink', basicCode: '11150600MB1001' },
      { kind: 'image', url: 'https://zwfw.example.gov.cn/guide/marriage.png' },
    ]);
  });

  it('answers the fallback (抱歉 + 转人工) to what no rule matches', async () => {
    const bot = await assistant();
    const reply = await bot.reply(turn('嗯嗯啊啊'));
    expect(reply.actions[0]).toMatchObject({ kind: 'say', text: expect.stringContaining('抱歉') });
    expect(reply.actions[1]).toMatchObject({ kind: 'choices', choices: [{ payload: '/handoff', handoff: true }] });
  });

  it('throws a RasaError the caller can turn into 转人工 when Rasa is down', async () => {
    const bot = await assistant();
    await standIn!.close();
    standIn = null;
    const err = await bot.reply(turn('你好')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RasaError);
    expect((err as RasaError).reason).toBe('unreachable');
    expect((err as RasaError).message).toMatch(/无法连接 Rasa.*RASA_URL/);
  });

  it('throws a RasaError, not a crash, on a malformed answer', async () => {
    const bot = await assistant({ malformed: 'notArray' });
    await expect(bot.reply(turn('你好'))).rejects.toMatchObject({ name: 'RasaError', reason: 'malformed' });
  });
});

describe('actionsFromRasa', () => {
  it('leaves out empty texts, attachments and custom payloads it does not know', () => {
    expect(
      actionsFromRasa([
        { text: '  ' },
        { attachment: { type: 'video', payload: { src: 'x' } } },
        { custom: { carousel: [] } },
        { custom: 'not an object' },
        { custom: { matter: '' } },
        { buttons: [] },
      ]),
    ).toEqual([]);
  });

  it('hands off on `handoff: true` and on unknown reason words, as requested', () => {
    expect(actionsFromRasa([{ custom: { handoff: true } }])).toEqual([{ kind: 'handoff', reason: 'requested' }]);
    expect(actionsFromRasa([{ custom: { handoff: { reason: 'vip' } } }])).toEqual([
      { kind: 'handoff', reason: 'requested' },
    ]);
    expect(actionsFromRasa([{ custom: { handoff: {} } }])).toEqual([{ kind: 'handoff', reason: 'requested' }]);
  });

  it('knows the reason words and the handoff button payloads', () => {
    expect(handoffReason('complaint')).toBe('complaint');
    expect(handoffReason('urgent')).toBe('urgent');
    expect(handoffReason('nlu_fallback')).toBe('lowConfidence');
    expect(handoffReason('toString')).toBe('requested');
    expect(isHandoffPayload('/handoff')).toBe(true);
    expect(isHandoffPayload(' /handoff{"reason": "complaint"} ')).toBe(true);
    expect(isHandoffPayload('/handoff_later')).toBe(false);
    expect(isHandoffPayload('转人工')).toBe(false);
  });
});
