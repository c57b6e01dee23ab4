import type { CobrowseReplayView } from '@cloud-seat/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cobrowseApi } from '@/api/cobrowse';
import { ApiError } from '@/api/client';
import CobrowseReplay from './CobrowseReplay.vue';

vi.mock('@/api/cobrowse', () => ({ cobrowseApi: { replay: vi.fn() } }));

/** rrweb's Replayer, as far as the player uses it: what it was given and told. */
const { players, FakeReplayer } = vi.hoisted(() => {
  const players: InstanceType<typeof FakeReplayer>[] = [];
  class FakeReplayer {
    calls: Array<[string, ...unknown[]]> = [];
    handlers: Record<string, (d?: unknown) => void> = {};
    time = 0;
    constructor(
      readonly events: Array<{ type: number; timestamp: number }>,
      readonly config: Record<string, unknown>,
    ) {
      players.push(this);
    }
    on(event: string, handler: (d?: unknown) => void) {
      this.handlers[event] = handler;
      return this;
    }
    getMetaData() {
      const times = this.events.map((e) => e.timestamp);
      const [first, last] = [Math.min(...times), Math.max(...times)];
      return { startTime: first, endTime: last, totalTime: last - first };
    }
    getCurrentTime() {
      return this.time;
    }
    play(at?: number) {
      this.calls.push(['play', at]);
    }
    pause(at?: number) {
      this.calls.push(['pause', at]);
    }
    setConfig(config: Record<string, unknown>) {
      this.calls.push(['setConfig', config]);
    }
    destroy() {
      this.calls.push(['destroy']);
    }
  }
  return { players, FakeReplayer };
});
vi.mock('rrweb', () => ({ Replayer: FakeReplayer }));

const session = {
  id: 'sess-1',
  conversationId: 'conv-1',
  status: 'ended' as const,
  formTitle: '网上申报',
  startedAt: '2026-11-25T08:00:00.000Z',
  endedAt: '2026-11-25T08:01:05.000Z',
  endedBy: 'seat' as const,
};
/** 65 s of a form: meta, the full snapshot, the ID number typed (masked as recorded), the address. */
const events = [
  { type: 4, timestamp: 1_000, data: { href: 'http://x/h5/#/pages/apply/apply', width: 390, height: 844 } },
  { type: 2, timestamp: 1_001, data: { node: { id: 1, type: 0, childNodes: [] } } },
  { type: 3, timestamp: 20_000, data: { source: 5, id: 12, text: '******************', isChecked: false } },
  { type: 3, timestamp: 66_000, data: { source: 5, id: 14, text: '东胜区铁西街道', isChecked: false } },
];

beforeEach(() => {
  vi.clearAllMocks();
  players.length = 0;
  vi.mocked(cobrowseApi.replay).mockResolvedValue({ session, events } as CobrowseReplayView);
});

async function mounted() {
  const wrapper = mount(CobrowseReplay, {
    props: { conversationId: 'conv-1', sessionId: 'sess-1' },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('CobrowseReplay', () => {
  it('plays the stored events as recorded, not live, from the first moment, with the time', async () => {
    const wrapper = await mounted();
    expect(cobrowseApi.replay).toHaveBeenCalledWith('conv-1', 'sess-1');
    expect(players).toHaveLength(1);
    const player = players[0]!;
    // Exactly the recorded events (the masked ID number unchanged), in order, in a replay player.
    expect(player.events).toEqual(events);
    expect(player.config).toMatchObject({ speed: 1, mouseTail: false, useVirtualDom: false, skipInactive: true });
    expect(player.config.liveMode).toBeUndefined();
    expect(player.config.root).toBe(wrapper.get('[data-testid=cobrowse-replay-mirror]').element);
    // Just past the full snapshot (rrweb shows nothing new at 0 once it played).
    expect(player.calls).toEqual([['pause', 2]]);
    expect(wrapper.get('[data-testid=cobrowse-replay-time]').text()).toBe('0:00 / 1:05');
    expect(wrapper.get('[data-testid=cobrowse-replay-meta]').text()).toMatch(/开始 · .* 结束$/);
    expect(wrapper.text()).toContain('敏感字段按录制时的遮挡显示');

    // 播放 → 暂停 at the moment reached; the clock follows the player.
    vi.useFakeTimers();
    try {
      const toggle = wrapper.get('[data-testid=cobrowse-replay-toggle]');
      expect(toggle.text()).toBe('播放');
      await toggle.trigger('click');
      expect(player.calls.at(-1)).toEqual(['play', 2]);
      expect(toggle.text()).toBe('暂停');
      player.time = 12_400;
      vi.advanceTimersByTime(150);
      await flushPromises();
      expect(wrapper.get('[data-testid=cobrowse-replay-time]').text()).toBe('0:12 / 1:05');
      await toggle.trigger('click');
      expect(player.calls.at(-1)).toEqual(['pause', undefined]);
      expect(toggle.text()).toBe('播放');

      // Played to the end: 播放 starts over.
      player.handlers.finish!();
      await flushPromises();
      expect(wrapper.get('[data-testid=cobrowse-replay-time]').text()).toBe('1:05 / 1:05');
      await toggle.trigger('click');
      expect(player.calls.at(-1)).toEqual(['play', 2]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('seeks with the progress bar, changes speed and skips idle stretches', async () => {
    const wrapper = await mounted();
    const player = players[0]!;
    const slider = wrapper.getComponent({ name: 'ElSlider' });
    slider.vm.$emit('input', 30_000);
    slider.vm.$emit('change', 30_000);
    await flushPromises();
    // Paused: shows that moment.
    expect(player.calls.at(-1)).toEqual(['pause', 30_000]);
    expect(wrapper.get('[data-testid=cobrowse-replay-time]').text()).toBe('0:30 / 1:05');
    await wrapper.get('[data-testid=cobrowse-replay-toggle]').trigger('click');
    expect(player.calls.at(-1)).toEqual(['play', 30_000]);
    // Playing: goes on from where it was let go; never past the end.
    slider.vm.$emit('change', 90_000);
    expect(player.calls.at(-1)).toEqual(['play', 65_000]);
    await wrapper.get('[data-testid=cobrowse-replay-toggle]').trigger('click');
    slider.vm.$emit('change', 0);
    expect(player.calls.at(-1)).toEqual(['pause', 2]);
    expect(wrapper.get('[data-testid=cobrowse-replay-time]').text()).toBe('0:00 / 1:05');

    await wrapper.get('[data-testid=cobrowse-replay-speed-4] input').setValue(true);
    expect(player.calls.at(-1)).toEqual(['setConfig', { speed: 4 }]);
    await wrapper.get('[data-testid=cobrowse-replay-speed-2] input').setValue(true);
    expect(player.calls.at(-1)).toEqual(['setConfig', { speed: 2 }]);
    // 跳过空闲 is on by default; off, the pauses play at their length.
    await wrapper.get('[data-testid=cobrowse-replay-skip] input').setValue(false);
    expect(player.calls.at(-1)).toEqual(['setConfig', { skipInactive: false }]);

    wrapper.unmount();
    expect(player.calls.at(-1)).toEqual(['destroy']);
  });

  it('scales the recorded viewport to fit the dialog', async () => {
    const wrapper = await mounted();
    const stage = wrapper.get('.replay__stage').element as HTMLElement;
    Object.defineProperty(stage, 'clientWidth', { value: 300, configurable: true });
    Object.defineProperty(window, 'innerHeight', { value: 2000, configurable: true });
    players[0]!.handlers.resize!({ width: 600, height: 1200 });
    await flushPromises();
    const mirror = wrapper.get('[data-testid=cobrowse-replay-mirror]').element as HTMLElement;
    // The stage is at most 560 px high: 560 / 1200 (width alone would allow 300 / 600), centred.
    expect(mirror.style.transform).toBe('translateX(10px) scale(0.4666666666666667)');
    expect(mirror.style.width).toBe('600px');
    expect(stage.style.height).toBe('560px');
  });

  it('says the seat’s kept marks as the replay reaches them, and again after a seek', async () => {
    const highlight = { id: 'a1', kind: 'highlight', target: { mirrorId: 14, selector: null } };
    const guidance = {
      id: 'a2',
      kind: 'guidance',
      target: { mirrorId: 16, selector: null },
      fieldLabel: '申请事由',
      value: '变更登记',
    };
    const seatEvent = (timestamp: number, tag: string, payload: unknown) => ({
      type: 5,
      timestamp,
      data: { tag, payload },
    });
    vi.mocked(cobrowseApi.replay).mockResolvedValue({
      session,
      events: [
        ...events,
        seatEvent(30_000, 'cobrowse.annotation', highlight),
        seatEvent(40_000, 'cobrowse.annotation', guidance),
        seatEvent(50_000, 'cobrowse.share', { kind: 'guide', matterId: 'm-1', matterName: '结婚登记' }),
        seatEvent(51_000, 'some.other', {}),
      ],
    } as CobrowseReplayView);
    const wrapper = await mounted();
    const player = players[0]!;
    const line = () => wrapper.get('[data-testid=cobrowse-replay-mark]').text();
    expect(line()).toBe('坐席操作：—');
    const cast = (i: number) => player.handlers['custom-event']!(player.events[i]);
    cast(4);
    await flushPromises();
    expect(line()).toBe('坐席操作：高亮页面元素');
    cast(5);
    cast(7); // not the seat's: the line keeps the last mark
    await flushPromises();
    expect(line()).toBe('坐席操作：建议「申请事由」填写「变更登记」');
    // Back to the start: nothing said until rrweb applies a mark again.
    wrapper.getComponent({ name: 'ElSlider' }).vm.$emit('change', 0);
    await flushPromises();
    expect(line()).toBe('坐席操作：—');
    cast(6);
    await flushPromises();
    expect(line()).toBe('坐席操作：共享办事指南「结婚登记」');

    // A recording without the seat's marks has no such line.
    vi.mocked(cobrowseApi.replay).mockResolvedValueOnce({ session, events } as CobrowseReplayView);
    expect((await mounted()).find('[data-testid=cobrowse-replay-mark]').exists()).toBe(false);
  });

  it('says why when the staff member may not replay it, or nothing was recorded', async () => {
    vi.mocked(cobrowseApi.replay).mockRejectedValueOnce(new ApiError(403, 'FORBIDDEN', '无权访问'));
    const refused = await mounted();
    expect(refused.get('[data-testid=cobrowse-replay-error]').text()).toBe('无权访问');
    expect(players).toHaveLength(0);

    vi.mocked(cobrowseApi.replay).mockResolvedValueOnce({ session, events: [events[0]!] } as CobrowseReplayView);
    const empty = await mounted();
    expect(empty.get('[data-testid=cobrowse-replay-error]').text()).toContain('没有录下页面内容');
    expect(players).toHaveLength(0);
  });
});
