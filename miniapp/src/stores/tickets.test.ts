import {
  TICKET_STATUS_LABELS,
  type TicketDetail,
  type TicketListItem,
  type TicketListView,
  type TicketTimelineEntry,
} from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { conversation } from '../realtime/testing';
import {
  canRateLate,
  createTicketsStore,
  daysLeftToRate,
  formatDuration,
  ratingState,
  statusText,
  stepText,
  stepTime,
  subjectOf,
  visibleTimeline,
} from './tickets';

const ENDED = '2026-11-20T02:00:00.000Z';

function item(id: string, patch: Partial<TicketListItem> = {}): TicketListItem {
  return {
    id,
    number: `GD20261120${id.padStart(6, '0')}`,
    status: 'resolved',
    regionCode: '150602',
    channel: 'chat',
    category: '综合咨询',
    conversationId: `c-${id}`,
    citizen: { id: 'z1', displayName: '访客' },
    seat: { id: 's1', name: '王芳', jobNumber: 'DS001' },
    matter: null,
    createdAt: '2026-11-20T01:50:00.000Z',
    acceptedAt: '2026-11-20T01:51:00.000Z',
    endedAt: ENDED,
    durationSeconds: 540,
    satisfaction: null,
    closedAt: null,
    updatedAt: ENDED,
    escalatedAt: null,
    conversationStatus: 'ended',
    ...patch,
  };
}

function detail(id: string, patch: Partial<TicketDetail> = {}): TicketDetail {
  return { ...item(id), evaluation: null, timeline: [], allowedActions: [], ...patch };
}

const page = (tickets: TicketListItem[], nextCursor: string | null = null): TicketListView => ({
  tickets,
  total: tickets.length,
  totalCapped: false,
  page: 1,
  pageSize: 20,
  nextCursor,
});

const api = (patch: Partial<Parameters<typeof createTicketsStore>[0]> = {}) => ({
  mine: vi.fn(async () => page([])),
  get: vi.fn(async (id: string) => detail(id)),
  evaluate: vi.fn(async (id: string) => conversation(id, { status: 'ended' })),
  ...patch,
});

const at = (iso: string) => new Date(iso);

describe('late evaluation rules', () => {
  it('may rate a served, ended, unrated ticket up to 7 days after the end, not after', () => {
    const t = item('1');
    expect(canRateLate(t, at('2026-11-20T02:00:01Z'))).toBe(true);
    expect(canRateLate(t, at('2026-11-27T02:00:00Z'))).toBe(true); // exactly 7 days: the engine still accepts
    expect(canRateLate(t, at('2026-11-27T02:00:01Z'))).toBe(false);
    expect(ratingState(t, at('2026-11-28T02:00:00Z'))).toBe('expired');
  });

  it('has nothing to rate before the end or when nobody served, and nothing more once rated', () => {
    const now = at('2026-11-21T00:00:00Z');
    expect(ratingState(item('1', { endedAt: null }), now)).toBe('none');
    expect(ratingState(item('1', { acceptedAt: null }), now)).toBe('none'); // left the queue
    expect(ratingState(item('1', { satisfaction: 4 }), now)).toBe('rated');
    expect(ratingState(item('1', { satisfaction: 2 }), at('2027-01-01T00:00:00Z'))).toBe('rated');
  });

  it('counts the days left, 1 on the last day', () => {
    expect(daysLeftToRate(item('1'), at('2026-11-23T02:00:00Z'))).toBe(4);
    expect(daysLeftToRate(item('1'), at('2026-11-26T20:00:00Z'))).toBe(1);
    expect(daysLeftToRate(item('1'), at('2026-12-01T00:00:00Z'))).toBe(0);
    expect(daysLeftToRate(item('1', { endedAt: null }), at('2026-11-23T02:00:00Z'))).toBe(0);
  });
});

describe('ticket wording', () => {
  it('says 已取消 for a queue left before anyone answered, else the ticket status', () => {
    expect(statusText(item('1', { acceptedAt: null, conversationStatus: 'abandoned' }))).toBe('已取消');
    // served by the assistant alone (no seat ever accepted): resolved, not cancelled
    expect(statusText(item('1', { acceptedAt: null, seat: null }))).toBe('已解决');
    expect(statusText(item('1'))).toBe('已解决');
    expect(statusText(item('1', { status: 'closed', satisfaction: 5 }))).toBe('已关闭');
    expect(statusText(item('1', { status: 'in_progress', endedAt: null }))).toBe('处理中');
    // A 留言 left with the assistant after hours: ended unanswered, but open for the staff.
    expect(statusText(item('1', { status: 'new', acceptedAt: null, seat: null }))).toBe(TICKET_STATUS_LABELS.new);
  });

  it('names the matter, else the category', () => {
    expect(subjectOf(item('1'))).toBe('综合咨询');
    expect(subjectOf(item('1', { matter: { id: 'm', name: '结婚登记' } }))).toBe('结婚登记');
  });

  it('dates a step only when it is not on the ticket’s day', () => {
    expect(stepTime('2026-11-20T02:05:00Z', '2026-11-20T01:50:00Z')).toBe('10:05');
    expect(stepTime('2026-11-23T01:00:00Z', '2026-11-20T01:50:00Z')).toBe('11月23日 09:00');
  });

  it('formats a service time', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(40)).toBe('40秒');
    expect(formatDuration(312)).toBe('5分12秒');
    expect(formatDuration(3780)).toBe('1小时3分');
  });

  it('keeps messages and the steps that mean something to the citizen', () => {
    const step = (type: string): TicketTimelineEntry => ({
      kind: 'event',
      at: ENDED,
      type,
      label: type,
      actor: { type: 'system', id: null, name: null },
      data: {},
    });
    const message: TicketTimelineEntry = { kind: 'message', at: ENDED, message: messageView(1) };
    const shown = visibleTimeline([
      step('created'),
      step('offered'),
      step('expired'),
      message,
      step('note'),
      step('escalated'),
      step('ended'),
      step('reopened'),
    ]);
    // 结束 is told by the conversation's own system message; notes and escalations are internal.
    expect(shown.map((e) => (e.kind === 'event' ? e.type : 'message'))).toEqual(['created', 'message', 'reopened']);
    // A step this app does not know yet shows with the engine's label.
    expect(visibleTimeline([step('something_new')])).toHaveLength(1);
  });

  it('tells the assistant’s handoff and a 留言 in the citizen’s words; its greeting says it started', () => {
    const step = (type: string): TicketTimelineEntry => ({
      kind: 'event',
      at: ENDED,
      type,
      label: type,
      actor: { type: 'system', id: null, name: '智能助手' },
      data: {},
    });
    const shown = visibleTimeline([step('assistant_started'), step('assistant_handoff'), step('message_left')]);
    expect(shown.map((e) => (e.kind === 'event' ? stepText(e) : null))).toEqual([
      '智能助手为您转接人工坐席',
      '您留了言，工作人员上班后会尽快联系您',
    ]);
  });

  it('tells 同屏协助 in the citizen’s words, without each of the seat’s marks', () => {
    const step = (type: string, label: string): TicketTimelineEntry => ({
      kind: 'event',
      at: ENDED,
      type,
      label,
      actor: { type: 'seat', id: 's1', name: '刘敏' },
      data: { sessionId: 'sess-1' },
    });
    const shown = visibleTimeline([
      step('cobrowse_started', '同屏协助开始'),
      step('cobrowse_annotation', '同屏标注'),
      step('cobrowse_annotation', '同屏标注'),
      step('cobrowse_shared', '坐席共享指南或示例'),
      step('cobrowse_ended', '同屏协助结束'),
    ]);
    expect(shown.map((e) => (e.kind === 'event' ? stepText(e) : null))).toEqual([
      '您同意了同屏协助，坐席查看了您填写的页面',
      '坐席为您共享了办事指南或填写示例',
      '同屏协助已结束',
    ]);
  });
});

describe('tickets store', () => {
  it('loads the first page, then the next by cursor, without duplicates', async () => {
    const mine = vi
      .fn()
      .mockResolvedValueOnce(page([item('3'), item('2')], 'k2'))
      .mockResolvedValueOnce(page([item('2'), item('1')], null));
    const store = createTicketsStore(api({ mine }));
    await store.refresh();
    expect(store.state.tickets.map((t) => t.id)).toEqual(['3', '2']);
    expect(store.state.nextCursor).toBe('k2');

    await store.loadMore();
    expect(mine).toHaveBeenLastCalledWith({ pageSize: 20, cursor: 'k2' });
    expect(store.state.tickets.map((t) => t.id)).toEqual(['3', '2', '1']);
    expect(store.state.nextCursor).toBeNull();

    await store.loadMore(); // last page: nothing to ask
    expect(mine).toHaveBeenCalledTimes(2);
  });

  it('lets a refresh win over a load-more answer that comes back later', async () => {
    let answerMore!: (v: TicketListView) => void;
    const mine = vi
      .fn()
      .mockResolvedValueOnce(page([item('2')], 'k'))
      .mockImplementationOnce(() => new Promise((resolve) => (answerMore = resolve)))
      .mockResolvedValueOnce(page([item('9'), item('2')], 'k9'));
    const store = createTicketsStore(api({ mine }));
    await store.refresh();
    const more = store.loadMore();
    await store.refresh();
    answerMore(page([item('1')], null));
    await more;
    expect(store.state.tickets.map((t) => t.id)).toEqual(['9', '2']);
    expect(store.state.nextCursor).toBe('k9');
  });

  it('keeps the list and says why when a page fails', async () => {
    const mine = vi
      .fn()
      .mockResolvedValueOnce(page([item('1')]))
      .mockRejectedValueOnce(new ApiError(0, 'NETWORK_ERROR', '网络连接失败'));
    const store = createTicketsStore(api({ mine }));
    await store.refresh();
    await store.refresh();
    expect(store.state.tickets).toHaveLength(1);
    expect(store.state.error).toContain('下拉重试');
  });

  it('rates the open ticket late and shows it in the detail and the list', async () => {
    const evaluation = { rating: 4, label: 'satisfied' as const, comment: '很耐心', createdAt: '2026-11-23T02:00:00Z' };
    const evaluate = vi.fn(async (id: string) =>
      conversation(id, {
        status: 'ended',
        evaluation,
        ticket: { id: '1', number: 'GD1', status: 'closed' },
      }),
    );
    const get = vi
      .fn()
      .mockResolvedValueOnce(detail('1'))
      .mockResolvedValueOnce(detail('1', { evaluation, satisfaction: 4, status: 'closed' }));
    const store = createTicketsStore(api({ mine: vi.fn(async () => page([item('1')])), get, evaluate }));
    await store.refresh();
    await store.openDetail('1');

    expect(await store.evaluate({ label: 'satisfied', comment: '很耐心' })).toBe(true);
    expect(evaluate).toHaveBeenCalledWith('c-1', { label: 'satisfied', comment: '很耐心' });
    expect(store.state.detail?.evaluation?.comment).toBe('很耐心');
    expect(store.state.tickets[0]).toMatchObject({ satisfaction: 4, status: 'closed' });
    expect(get).toHaveBeenCalledTimes(2); // reloaded for the 评价 step

    expect(await store.evaluate({ rating: 1 })).toBe(false); // once only
    expect(evaluate).toHaveBeenCalledTimes(1);
  });

  it('shows the engine’s message for a refused rating and reloads the ticket', async () => {
    const evaluate = vi.fn(async () => {
      throw new ApiError(409, 'INVALID_STATE', '服务结束已超过 7 天，无法再评价');
    });
    const get = vi.fn(async (id: string) => detail(id));
    const store = createTicketsStore(api({ get, evaluate }));
    await store.openDetail('1');
    expect(await store.evaluate({ label: 'satisfied' })).toBe(false);
    expect(store.state.evaluationError).toBe('服务结束已超过 7 天，无法再评价');
    expect(get).toHaveBeenCalledTimes(2);
    expect(store.state.evaluating).toBe(false);
  });

  it('shows only the ticket opened last when answers cross', async () => {
    const answers: Record<string, (d: TicketDetail) => void> = {};
    const get = vi.fn((id: string) => new Promise<TicketDetail>((resolve) => (answers[id] = resolve)));
    const store = createTicketsStore(api({ get }));
    const first = store.openDetail('1');
    const second = store.openDetail('2');
    answers['2']!(detail('2'));
    answers['1']!(detail('1'));
    await Promise.all([first, second]);
    expect(store.state.detail?.id).toBe('2');
  });
});
