import { describe, expect, it } from 'vitest';
import type { DtmfKey } from './flow.js';
import { hotlineFlow } from './hotline.js';
import {
  ivrEventSchema,
  onEvent,
  queueAnnouncement,
  start,
  summarizePath,
  type CallContext,
  type IvrAction,
  type IvrEvent,
  type IvrTurn,
} from './interpreter.js';
import { promptText } from './prompts.js';

const { flow, prompts } = hotlineFlow();
const now = new Date('2026-11-30T02:00:00Z');
const open: CallContext = { now, inServiceHours: true };

/** Runs events in order from the start and returns every turn. */
function walk(events: IvrEvent[], ctx = open): IvrTurn[] {
  const turns = [start(flow, ctx)];
  for (const e of events) turns.push(onEvent(turns[turns.length - 1]!.state, e));
  return turns;
}
const last = (turns: IvrTurn[]) => turns[turns.length - 1]!;
const dtmf = (digit: DtmfKey): IvrEvent => ({ type: 'dtmf', digit });
const played = (actions: IvrAction[]) =>
  actions.flatMap((a) => (a.type === 'play' ? [promptText(a.promptIds, prompts)] : []));
const enqueued = (actions: IvrAction[]) => actions.find((a) => a.type === 'enqueue');

describe('voice IVR interpreter on the hotline flow', () => {
  it('greets and waits for the greeting to end', () => {
    const t = start(flow, open);
    expect(t.actions).toEqual([{ type: 'play', promptIds: ['welcome'], bargeIn: false }]);
    expect(played(t.actions)[0]).toMatch(/^您好，欢迎致电鄂尔多斯市政务服务热线/);
    expect(t.state).toMatchObject({ status: 'running', node: 'welcome', startedAt: now.toISOString() });
  });

  it('walks greeting → region 2 → topic 1 → queue with the region, category and path', () => {
    const turns = walk([{ type: 'promptDone' }, dtmf('2'), dtmf('1')]);
    expect(turns[1]!.actions).toEqual([
      { type: 'play', promptIds: ['menu-region'], bargeIn: true },
      { type: 'collectDtmf', maxDigits: 1, timeoutMs: 8000 },
    ]);
    expect(turns[2]!.actions[0]).toEqual({ type: 'play', promptIds: ['menu-topic'], bargeIn: true });
    const { state, actions } = last(turns);
    const path = [
      { node: 'welcome', result: 'enter' },
      { node: 'hours', result: 'open' },
      { node: 'region', result: 'enter' },
      { node: 'region', result: 'option', key: '2', label: '东胜区' },
      { node: 'topic', result: 'enter' },
      { node: 'topic', result: 'option', key: '1', label: '综合咨询' },
      { node: 'queue', result: 'enter' },
    ];
    expect(actions).toEqual([
      { type: 'play', promptIds: ['connecting'], bargeIn: false },
      { type: 'enqueue', regionCode: '150602', category: '综合咨询', path },
      { type: 'music', musicId: 'hold-music' },
    ]);
    expect(state).toMatchObject({ status: 'queued', regionCode: '150602', category: '综合咨询', path });
    expect(summarizePath(state.path)).toBe('东胜区 › 综合咨询');
  });

  it('reaches the second region page with 9 and comes back with #', () => {
    const turns = walk([{ type: 'promptDone' }, dtmf('9'), dtmf('#'), dtmf('9'), dtmf('2'), dtmf('2')]);
    expect(turns[2]!.actions[0]).toMatchObject({ promptIds: ['menu-region-more'] });
    expect(turns[3]!.actions[0]).toMatchObject({ promptIds: ['menu-region'] });
    expect(enqueued(last(turns).actions)).toMatchObject({ regionCode: '150627', category: '社会保障' });
    expect(summarizePath(last(turns).state.path)).toBe('更多旗区 › 返回上一级 › 更多旗区 › 伊金霍洛旗 › 社会保障');
  });

  it('puts 0 through to a seat at once, during the greeting or in a menu', () => {
    const duringGreeting = walk([dtmf('0')]);
    expect(last(duringGreeting).actions).toEqual([
      { type: 'play', promptIds: ['connecting'], bargeIn: false },
      { type: 'enqueue', regionCode: '150600', category: '综合咨询', path: expect.any(Array) },
      { type: 'music', musicId: 'hold-music' },
    ]);
    const afterRegion = walk([{ type: 'promptDone' }, dtmf('5'), dtmf('0')]);
    expect(enqueued(last(afterRegion).actions)).toMatchObject({ regionCode: '150622', category: '综合咨询' });
    expect(summarizePath(last(afterRegion).state.path)).toBe('准格尔旗 › 按0转人工');
  });

  it('takes the dialed number’s region until the caller picks one', () => {
    const turns = walk([dtmf('0')], { ...open, regionCode: '150625' });
    expect(enqueued(last(turns).actions)).toMatchObject({ regionCode: '150625' });
  });

  it('says a wrong key is wrong, replays the menu, and after 3 failures puts the caller through to a seat', () => {
    const turns = walk([{ type: 'promptDone' }, dtmf('#'), { type: 'timeout' }, dtmf('#')]);
    expect(turns[2]!.actions).toEqual([
      { type: 'play', promptIds: ['invalid', 'menu-region'], bargeIn: true },
      { type: 'collectDtmf', maxDigits: 1, timeoutMs: 8000 },
    ]);
    expect(turns[2]!.state.attempts).toBe(1);
    expect(turns[3]!.actions[0]).toEqual({ type: 'play', promptIds: ['no-input', 'menu-region'], bargeIn: true });
    expect(played(turns[3]!.actions)[0]).toMatch(/^对不起，没有收到您的按键/);
    // the third failure (retries: 2) gives up on the menu
    const exhausted = last(turns);
    expect(exhausted.actions).toEqual([{ type: 'play', promptIds: ['assist'], bargeIn: false }]);
    const seat = onEvent(exhausted.state, { type: 'promptDone' });
    expect(enqueued(seat.actions)).toMatchObject({ regionCode: '150600', category: '综合咨询' });
    expect(summarizePath(seat.state.path)).toBe('未完成按键选择');
  });

  it('counts failures per menu: a correct choice starts the next menu afresh', () => {
    const turns = walk([{ type: 'promptDone' }, dtmf('#'), dtmf('#'), dtmf('3'), dtmf('#'), dtmf('#'), dtmf('2')]);
    expect(turns[4]!.state).toMatchObject({ node: 'topic', attempts: 0 });
    expect(enqueued(last(turns).actions)).toMatchObject({ regionCode: '150603', category: '社会保障' });
  });

  it('repeats a menu with * (and with 9 where 9 is no choice) without counting a failure', () => {
    const turns = walk([{ type: 'promptDone' }, dtmf('*'), dtmf('1'), dtmf('9'), dtmf('*')]);
    expect(turns[2]!.actions[0]).toEqual({ type: 'play', promptIds: ['menu-region'], bargeIn: true });
    expect(turns[4]!.actions[0]).toEqual({ type: 'play', promptIds: ['menu-topic'], bargeIn: true });
    expect(last(turns).state).toMatchObject({ node: 'topic', attempts: 0 });
    expect(last(turns).state.path.filter((s) => s.result === 'repeat')).toHaveLength(3);
  });

  it('after hours: plays the message (mini-program, hours) and hangs up politely; 0 does nothing', () => {
    const closed = { now, inServiceHours: false };
    const ignored = walk([dtmf('0')], closed);
    expect(last(ignored).actions).toEqual([]);
    const turns = walk([{ type: 'promptDone' }], closed);
    expect(last(turns).actions).toEqual([
      { type: 'play', promptIds: ['after-hours', 'after-hours-options', 'goodbye'], bargeIn: false },
      { type: 'hangup', cause: 'afterHours' },
    ]);
    const said = played(last(turns).actions)[0]!;
    expect(said).toContain('非工作时间');
    expect(said).toContain('小程序');
    expect(said).toMatch(/留言|预约/);
    expect(said).toMatch(/再见。$/);
    expect(last(turns).state.status).toBe('ended');
    expect(summarizePath(last(turns).state.path)).toBe('非工作时间');
  });

  it('announces the queue position and wait with number clips, then hold music again', () => {
    const queued = last(walk([{ type: 'promptDone' }, dtmf('1'), dtmf('1')]));
    const t = onEvent(queued.state, { type: 'queuePosition', position: 15, etaSeconds: 420 });
    expect(t.actions).toEqual([
      {
        type: 'play',
        promptIds: ['queue-ahead', 'num-10', 'num-5', 'queue-ahead-end', 'queue-eta', 'num-7', 'queue-eta-end'],
        bargeIn: false,
      },
      { type: 'music', musicId: 'hold-music' },
    ]);
    expect(played(t.actions)[0]).toBe('您前面还有十五位，请耐心等待。预计等待约七分钟。');
    expect(t.state).toBe(queued.state);
  });

  it.each([
    [0, 0, '您是下一位，马上为您接通，请稍候。'],
    [7, null, '您前面还有七位，请耐心等待。'],
    [10, 30, '您前面还有十位，请耐心等待。预计等待不到1分钟。'],
    [2, 61, '您前面还有两位，请耐心等待。预计等待约两分钟。'],
    [20, 120, '您前面还有二十位，请耐心等待。预计等待约两分钟。'],
    [12, 720, '您前面还有十二位，请耐心等待。预计等待约十二分钟。'],
    [101, 3600, '您前面还有一百零一位，请耐心等待。预计等待约六十分钟。'],
    [110, 5940, '您前面还有一百一十位，请耐心等待。预计等待约九十九分钟。'],
    [999, undefined, '您前面还有九百九十九位，请耐心等待。'],
  ])('position %i, eta %s s → %s', (position, eta, text) => {
    expect(promptText(queueAnnouncement(flow.queue, position, eta), prompts)).toBe(text);
  });

  it('ignores events that mean nothing where the call is, and everything after a hangup', () => {
    const greeting = start(flow, open);
    expect(onEvent(greeting.state, dtmf('5')).actions).toEqual([]);
    expect(onEvent(greeting.state, { type: 'timeout' }).actions).toEqual([]);
    const menu = onEvent(greeting.state, { type: 'promptDone' });
    expect(onEvent(menu.state, { type: 'promptDone' })).toEqual({ state: menu.state, actions: [] });
    const gone = onEvent(menu.state, { type: 'hangup' });
    expect(gone.actions).toEqual([]);
    expect(gone.state.status).toBe('ended');
    expect(gone.state.path.at(-1)).toEqual({ node: 'region', result: 'hangup' });
    expect(onEvent(gone.state, dtmf('0'))).toEqual({ state: gone.state, actions: [] });
  });

  it('validates events where they enter', () => {
    expect(ivrEventSchema.parse({ type: 'dtmf', digit: '#' })).toEqual({ type: 'dtmf', digit: '#' });
    expect(ivrEventSchema.safeParse({ type: 'dtmf', digit: 'A' }).success).toBe(false);
    expect(ivrEventSchema.safeParse({ type: 'queuePosition', position: -1 }).success).toBe(false);
  });
});
