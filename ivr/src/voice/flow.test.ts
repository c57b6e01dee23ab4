import { describe, expect, it } from 'vitest';
import { checkFlow, FlowError, parseFlow, type VoiceFlowInput } from './flow.js';
import { hotlineFlowInput, hotlinePrompts } from './hotline.js';
import { NUMBER_CLIPS } from './numbers.js';

const catalog = {
  hello: '您好。',
  menu: '咨询请按1。',
  invalid: '按键有误。',
  silence: '没有收到按键。',
  bye: '再见。',
  ahead: '您前面还有',
  'ahead-end': '位。',
  next: '您是下一位。',
  eta: '预计等待约',
  'eta-end': '分钟。',
  'eta-short': '不到1分钟。',
  ...NUMBER_CLIPS,
};

function tinyFlow(): VoiceFlowInput {
  return {
    id: 'tiny',
    name: '测试流程',
    start: 'hello',
    seat: 'seat',
    queue: {
      holdMusic: 'moh',
      ahead: 'ahead',
      aheadEnd: 'ahead-end',
      next: 'next',
      eta: 'eta',
      etaEnd: 'eta-end',
      etaShort: 'eta-short',
    },
    nodes: {
      hello: { kind: 'play', prompts: ['hello'], next: 'menu' },
      menu: {
        kind: 'menu',
        prompts: ['menu'],
        options: [{ key: '1', label: '咨询', next: 'queue', category: '综合咨询' }],
        invalidPrompt: 'invalid',
        timeoutPrompt: 'silence',
        onExhausted: 'bye',
      },
      queue: { kind: 'enqueue', regionCode: '150602' },
      seat: { kind: 'seat' },
      bye: { kind: 'hangup', prompts: ['bye'] },
    },
  };
}

function codes(input: unknown, cat: Record<string, string> = catalog) {
  return checkFlow(input, cat).issues.map((i) => `${i.code}:${i.node ?? ''}`);
}

describe('voice flow validation', () => {
  it('accepts a sound flow and fills in the defaults', () => {
    const flow = parseFlow(tinyFlow(), catalog);
    expect(flow.repeatKeys).toEqual(['*']);
    expect(flow.defaults).toEqual({ regionCode: '150600', category: '综合咨询' });
    expect(flow.nodes.menu).toMatchObject({ timeoutMs: 8000, retries: 2, repeatKeys: [] });
  });

  it('accepts the default hotline against its own prompts', () => {
    expect(checkFlow(hotlineFlowInput(), hotlinePrompts()).issues).toEqual([]);
  });

  it('finds a target node that does not exist', () => {
    const flow = tinyFlow();
    flow.nodes.hello = { kind: 'play', prompts: ['hello'], next: 'nowhere' };
    expect(codes(flow)).toContain('missingTarget:hello');
    const badStart = { ...tinyFlow(), start: 'gone' };
    expect(codes(badStart)).toContain('missingTarget:');
  });

  it('finds a prompt missing from the catalog, in nodes, menus and the queue clips', () => {
    const flow = tinyFlow();
    flow.nodes.bye = { kind: 'hangup', prompts: ['farewell'] };
    expect(codes(flow)).toEqual(['unknownPrompt:bye']);
    const { invalid: _invalid, ...withoutInvalid } = catalog;
    expect(codes(tinyFlow(), withoutInvalid)).toEqual(['unknownPrompt:menu']);
    const { 'num-7': _seven, ...withoutSeven } = catalog;
    expect(codes(tinyFlow(), withoutSeven)).toEqual(['unknownPrompt:']);
  });

  it('finds duplicate keys, the reserved 0 and repeat keys used as options', () => {
    const flow = tinyFlow();
    const menu = flow.nodes.menu as Extract<VoiceFlowInput['nodes'][string], { kind: 'menu' }>;
    menu.options = [
      { key: '1', label: '咨询', next: 'queue' },
      { key: '1', label: '再一次', next: 'queue' },
      { key: '0', label: '人工', next: 'seat' },
      { key: '*', label: '星号', next: 'queue' },
    ];
    expect(codes(flow)).toEqual(['duplicateKey:menu', 'reservedKey:menu', 'reservedKey:menu']);
  });

  it('finds unreachable nodes (the seat node counts as reachable through 0)', () => {
    const flow = tinyFlow();
    flow.nodes.orphan = { kind: 'hangup', prompts: ['bye'] };
    expect(codes(flow)).toEqual(['unreachable:orphan']);
  });

  it('requires the seat target to be a seat node', () => {
    expect(codes({ ...tinyFlow(), seat: 'bye' })).toContain('notSeatNode:bye');
  });

  it('finds goto/hours loops', () => {
    const flow = tinyFlow();
    flow.nodes.hello = { kind: 'play', prompts: ['hello'], next: 'a' };
    flow.nodes.a = { kind: 'goto', next: 'b' };
    flow.nodes.b = { kind: 'hours', open: 'a', closed: 'menu' };
    expect(codes(flow)).toEqual(['loop:a']);
  });

  it('reports schema errors with their path and throws them from parseFlow', () => {
    const flow = tinyFlow();
    (flow.nodes.queue as { regionCode: string }).regionCode = '999999';
    expect(codes(flow)).toEqual(['schema:']);
    expect(checkFlow(flow, catalog).issues[0]!.message).toMatch(/^nodes\.queue\.regionCode/);
    expect(() => parseFlow(flow, catalog)).toThrow(FlowError);
  });
});
