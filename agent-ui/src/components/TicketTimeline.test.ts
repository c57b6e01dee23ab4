import type { TicketTimelineEntry } from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { formatTime } from '@/composables/labels';
import { actorText, describeTicketEvent, formatDuration } from '@/composables/ticketText';
import TicketTimeline from './TicketTimeline.vue';

vi.mock('./CobrowseReplay.vue', () => ({
  default: {
    name: 'CobrowseReplay',
    props: ['conversationId', 'sessionId'],
    template: '<div data-testid="cobrowse-replay-stub">{{ conversationId }}/{{ sessionId }}</div>',
  },
}));

const step = (
  type: string,
  label: string,
  data: Record<string, unknown> = {},
  actor: Extract<TicketTimelineEntry, { kind: 'event' }>['actor'] = { type: 'system', id: null, name: null },
): Extract<TicketTimelineEntry, { kind: 'event' }> => ({
  kind: 'event',
  at: '2026-11-25T08:00:00.000Z',
  type,
  label,
  actor,
  data,
});
const seat = { type: 'seat' as const, id: 's1', name: '刘敏' };

describe('ticket step sentences', () => {
  it('says to whom a transfer went, with its note apart', () => {
    const d = describeTicketEvent(
      step('transfer_requested', '发起转接', { toSeatName: '王强', toJobNumber: 'DS002', note: '社保转入' }, seat),
    );
    expect(d).toEqual({ text: '转接给坐席 王强（DS002）', note: '社保转入' });
  });

  it('says which seat was offered, the rating given, and only the field revealed', () => {
    expect(describeTicketEvent(step('offered', '分配坐席', { seatName: '刘敏', jobNumber: 'DS001' })).text).toBe(
      '分配给坐席 刘敏（DS001）',
    );
    const rated = describeTicketEvent(
      step(
        'evaluated',
        '群众评价',
        { rating: 4, label: 'satisfied', comment: '很耐心' },
        {
          type: 'citizen',
          id: 'z',
          name: '王先生',
        },
      ),
    );
    expect(rated).toEqual({ text: '群众评价：4 星，满意', note: '很耐心' });
    const revealed = describeTicketEvent(
      step('profile_revealed', '查看群众敏感信息', { field: 'phone', label: '手机号', reason: '核实身份' }, seat),
    );
    expect(revealed.text).toBe('查看了群众的手机号（已记入审计日志）');
    expect(revealed.note).toBeNull();
  });

  it('describes flow actions and steps it does not know by their label', () => {
    const staff = { type: 'staff' as const, id: 'a', name: '值班班长' };
    expect(describeTicketEvent(step('handed_back', '班长退回坐席', { note: '请回访' }, staff))).toEqual({
      text: '工作人员 值班班长 将工单退回坐席',
      note: '请回访',
    });
    expect(describeTicketEvent(step('merged', 'merged', { note: '并单' }, staff)).text).toBe(
      '工作人员 值班班长 merged',
    );
  });

  it('says how the matter was set: pushed by the seat or detected from the words', () => {
    const data = { matterId: 'm1', name: '内地居民结婚登记' };
    expect(describeTicketEvent(step('matter_set', '关联事项', { ...data, source: 'seat' }, seat)).text).toBe(
      '坐席 刘敏 推送咨询事项「内地居民结婚登记」',
    );
    expect(describeTicketEvent(step('matter_set', '关联事项', { ...data, source: 'detected' })).text).toBe(
      '系统根据群众描述识别咨询事项「内地居民结婚登记」',
    );
  });

  it('says why the assistant handed off and after how many turns, and quotes a 留言', () => {
    const assistant = { type: 'system' as const, id: null, name: '智能助手' };
    const handoff = step(
      'assistant_handoff',
      '智能助手转人工',
      { reason: 'lowConfidence', turns: 3, matterId: 'm1', matterName: '内地居民结婚登记' },
      assistant,
    );
    expect(describeTicketEvent(handoff)).toEqual({
      text: '智能助手转人工：助手未能解答，此前问答 3 轮，事项「内地居民结婚登记」',
      note: null,
    });
    expect(
      describeTicketEvent(step('assistant_handoff', '智能助手转人工', { reason: 'requested', turns: 0 }, assistant))
        .text,
    ).toBe('智能助手转人工：群众要求转人工，此前问答 0 轮');
    expect(actorText(assistant)).toBe('智能助手');
    expect(describeTicketEvent(step('assistant_started', '智能助手接待', { assistant: 'rasa' }, assistant)).text).toBe(
      '智能助手（Rasa）先行接待群众',
    );
    const left = step(
      'message_left',
      '群众留言',
      { message: '明天上午想办结婚登记，请回电' },
      {
        type: 'citizen',
        id: 'z',
        name: '王先生',
      },
    );
    expect(describeTicketEvent(left)).toEqual({
      text: '群众 王先生 在无坐席值班时留言',
      note: '明天上午想办结婚登记，请回电',
    });
  });

  it('formats durations like a clock', () => {
    expect(formatDuration(42)).toBe('0:42');
    expect(formatDuration(750)).toBe('12:30');
    expect(formatDuration(3909)).toBe('1:05:09');
    expect(formatDuration(4.27)).toBe('0:04');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('TicketTimeline', () => {
  const timeline: TicketTimelineEntry[] = [
    step(
      'created',
      '创建工单',
      { channel: 'chat', regionCode: '150602' },
      { type: 'citizen', id: 'z', name: '王先生' },
    ),
    {
      kind: 'message',
      at: '2026-11-25T08:00:01.000Z',
      message: messageView(1, { senderType: 'system', body: '正在为您连线' }),
    },
    step('accepted', '坐席接入', {}, seat),
    {
      kind: 'message',
      at: '2026-11-25T08:00:03.000Z',
      message: messageView(2, {
        senderType: 'citizen',
        senderName: '王先生',
        body: '<b>粗体</b><img src=x onerror=alert(1)>',
      }),
    },
    {
      kind: 'message',
      at: '2026-11-25T08:00:04.000Z',
      message: messageView(3, {
        senderType: 'citizen',
        kind: 'image',
        body: '户口本.png',
        attachment: {
          id: 'a1',
          kind: 'image',
          name: '户口本.png',
          size: 2048,
          mime: 'image/png',
          url: '/api/attachments/a1/x',
        },
      }),
    },
    {
      kind: 'message',
      at: '2026-11-25T08:00:05.000Z',
      message: messageView(4, {
        senderType: 'seat',
        kind: 'file',
        body: '材料清单.pdf',
        attachment: {
          id: 'a2',
          kind: 'file',
          name: '材料清单.pdf',
          size: 3 * 1024 * 1024,
          mime: 'application/pdf',
          url: '/api/attachments/a2/y',
        },
      }),
    },
    step('transfer_requested', '发起转接', { toSeatName: '王强', toJobNumber: 'DS002', note: '社保转入' }, seat),
  ];

  it('shows steps and messages in the given order, text as text, images and files', () => {
    const wrapper = mount(TicketTimeline, { props: { timeline } });
    const items = wrapper.findAll('li.item');
    expect(items.map((i) => i.attributes('data-testid'))).toEqual([
      'timeline-step',
      'timeline-message',
      'timeline-step',
      'timeline-message',
      'timeline-message',
      'timeline-message',
      'timeline-step',
    ]);
    expect(items[0]!.text()).toContain('创建工单');
    expect(items[0]!.text()).toContain('群众 王先生 发起在线咨询（东胜区）');
    expect(items[2]!.text()).toContain('坐席 刘敏');
    // Markup typed by a citizen stays visible text; nothing is injected.
    expect(items[3]!.text()).toContain('<b>粗体</b><img src=x onerror=alert(1)>');
    expect(items[3]!.find('b').exists()).toBe(false);
    expect(items[3]!.find('img').exists()).toBe(false);
    expect(items[4]!.find('[data-testid=message-image]').exists()).toBe(true);
    const file = items[5]!.find('a[data-testid=message-file]');
    expect(file.attributes('href')).toBe('/api/attachments/a2/y');
    expect(file.text()).toContain('材料清单.pdf');
    expect(file.text()).toContain('3.0 MB');
    expect(items[6]!.find('[data-testid=timeline-note]').text()).toBe('社保转入');
  });

  it('shows the assistant’s answers on the service side with the guide and buttons they carried', () => {
    const wrapper = mount(TicketTimeline, {
      props: {
        timeline: [
          {
            kind: 'message',
            at: '2026-11-25T08:00:02.000Z',
            message: messageView(1, {
              senderType: 'assistant',
              senderName: '智能助手',
              body: '现在不是人工坐席的服务时间。',
              choices: [
                { label: '预约办理', value: '预约办理', action: 'appointment' },
                { label: '留言', value: '留言', action: 'send' },
              ],
            }),
          },
          step('message_left', '群众留言', { message: '请明天回电' }, { type: 'citizen', id: 'z', name: '王先生' }),
        ],
      },
    });
    const [answer, left] = wrapper.findAll('li.item');
    expect(answer!.attributes('data-sender')).toBe('assistant');
    expect(answer!.find('.msg__assistant').exists()).toBe(true);
    expect(answer!.findAll('[data-testid=assistant-choice]').map((c) => c.text())).toEqual(['预约办理', '留言']);
    expect(left!.find('[data-testid=timeline-note]').text()).toBe('请明天回电');
  });

  it('says so when there is nothing yet', () => {
    expect(mount(TicketTimeline, { props: { timeline: [] } }).text()).toContain('暂无处理记录');
  });

  it('shows the path a phone caller took through the voice menu', () => {
    const timeline = [
      step(
        'ivr_path',
        '语音导航',
        { summary: '东胜区 › 社会保障', steps: [] },
        { type: 'system', id: null, name: '语音导航' },
      ),
      step('ivr_path', '语音导航', { steps: [] }),
    ];
    const [walked, direct] = mount(TicketTimeline, { props: { timeline } }).findAll('[data-testid=timeline-step]');
    expect(walked!.text()).toContain('电话语音导航：东胜区 › 社会保障');
    expect(direct!.text()).toContain('电话语音导航：直接转人工');
  });

  it('shows a call leg: whose, when, how long, why it ended; and plays the recording when it loaded', () => {
    const leg = {
      role: 'seat',
      partyId: 's1',
      name: '刘敏',
      startedAt: '2026-11-25T08:00:00.000Z',
      answeredAt: '2026-11-25T08:00:04.000Z',
      endedAt: '2026-11-25T08:03:09.000Z',
      durationSeconds: 185,
      cause: 'normal',
    };
    const missed = { ...leg, answeredAt: null, durationSeconds: null, cause: 'no_answer' };
    const timeline = [
      step('call_leg', '通话', leg, seat),
      step('call_leg', '通话', missed, seat),
      step('recording', '通话录音', { recordingId: 'rec-1', durationSeconds: 185 }),
    ];
    const recording = {
      id: 'rec-1',
      conversationId: 'conv-1',
      media: 'audio' as const,
      durationSeconds: 185,
      createdAt: '2026-11-25T08:03:10.000Z',
      url: '/api/recordings/rec-1',
    };
    const clock = (iso: string) => formatTime(iso).slice(11);

    const wrapper = mount(TicketTimeline, { props: { timeline, recordings: [recording] } });
    const [answered, unanswered, saved] = wrapper.findAll('[data-testid=timeline-step]');
    expect(answered!.text()).toContain(
      `坐席 刘敏 通话：呼叫 ${clock(leg.startedAt)}，接通 ${clock(leg.answeredAt)}，结束 ${clock(leg.endedAt)}，通话时长 3:05；正常挂断`,
    );
    expect(unanswered!.text()).toContain('未接通');
    expect(unanswered!.text()).toContain('坐席未接听');
    expect(saved!.text()).toContain('通话录音已保存（时长 3:05）');
    const player = saved!.get('[data-testid=recording-player]');
    expect(player.element.tagName).toBe('AUDIO');
    expect(player.attributes('src')).toBe('/api/recordings/rec-1');

    // Not allowed to play (the list did not load): the step stays, without a player.
    const hidden = mount(TicketTimeline, { props: { timeline } });
    expect(hidden.find('[data-testid=recording-player]').exists()).toBe(false);
    expect(hidden.text()).toContain('通话录音已保存');
  });

  it('says what happened in a co-browse session and opens its replay in a dialog', async () => {
    const citizen = { type: 'citizen' as const, id: 'z', name: '王先生' };
    const started = { sessionId: 'sess-1', formTitle: '网上申报' };
    const timeline = [
      step('cobrowse_started', '同屏协助开始', started, citizen),
      step('cobrowse_annotation', '同屏标注', { sessionId: 'sess-1', kind: 'highlight' }, seat),
      step(
        'cobrowse_annotation',
        '同屏标注',
        { sessionId: 'sess-1', kind: 'guidance', fieldLabel: '申请事由', value: '营业执照变更' },
        seat,
      ),
      step('cobrowse_annotation', '同屏标注', { sessionId: 'sess-1', kind: 'stroke', points: 42 }, seat),
      step('cobrowse_annotation', '同屏标注', { sessionId: 'sess-1', kind: 'note', text: '此处填写现住址' }, seat),
      step('cobrowse_annotation', '同屏标注', { sessionId: 'sess-1', kind: 'clear' }, seat),
      step('cobrowse_shared', '坐席共享指南或示例', { sessionId: 'sess-1', matterName: '结婚登记' }, seat),
      step(
        'cobrowse_ended',
        '同屏协助结束',
        { sessionId: 'sess-1', endedBy: 'seat', annotations: { highlight: 1, laser: 37, stroke: 0 } },
        seat,
      ),
      step('cobrowse_ended', '同屏协助结束', { sessionId: 'sess-2', endedBy: null, annotations: {} }, seat),
    ];
    const wrapper = mount(TicketTimeline, { props: { timeline, conversationId: 'conv-1' }, attachTo: document.body });
    const steps = wrapper.findAll('[data-testid=timeline-step]');
    expect(steps.map((s) => s.find('.step__text').text())).toEqual([
      '群众 王先生 同意同屏协助，共享「网上申报」',
      '坐席 刘敏 在共享页面上高亮提示',
      '坐席 刘敏 建议「申请事由」填写「营业执照变更」',
      '坐席 刘敏 在共享页面上画笔标注（42 个点）',
      '坐席 刘敏 在共享页面上添加文字批注',
      '坐席 刘敏 清除了页面上的标注',
      '坐席 刘敏 向群众共享办事指南「结婚登记」',
      '坐席 刘敏 结束同屏协助，期间：高亮 1 次、激光笔 37 次',
      '服务结束，同屏协助随之结束',
    ]);
    expect(steps[4]!.find('[data-testid=timeline-note]').text()).toBe('此处填写现住址');
    expect(steps.map((s) => s.find('.step__label').text())).toEqual([
      '同屏协助开始',
      '同屏标注',
      '同屏标注',
      '同屏标注',
      '同屏标注',
      '同屏标注',
      '坐席共享指南或示例',
      '同屏协助结束',
      '同屏协助结束',
    ]);
    // Only the start offers 回放.
    const open = wrapper.findAll('[data-testid=cobrowse-replay-open]');
    expect(open).toHaveLength(1);
    expect(open[0]!.text()).toBe('回放');
    expect(document.querySelector('[data-testid=cobrowse-replay-stub]')).toBeNull();
    await open[0]!.trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid=cobrowse-replay-stub]')?.textContent).toBe('conv-1/sess-1');
    expect(document.body.textContent).toContain('同屏回放 · 网上申报');
    wrapper.unmount();

    // Without the conversation (nothing to ask the replay of): the step stays, without 回放.
    const bare = mount(TicketTimeline, { props: { timeline } });
    expect(bare.find('[data-testid=cobrowse-replay-open]').exists()).toBe(false);
  });
});
