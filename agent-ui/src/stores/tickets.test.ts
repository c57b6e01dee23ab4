import type { TicketDetail, TicketListItem, TicketListView } from '@cloud-seat/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { ticketsApi } from '@/api/tickets';
import { emptyFilter, filterFromQuery, filterToQuery, useTicketsStore } from './tickets';

vi.mock('@/api/tickets', () => ({
  ticketsApi: { list: vi.fn(), get: vi.fn(), act: vi.fn(), exportUrl: vi.fn() },
}));
const api = vi.mocked(ticketsApi);

const item = (n: number, patch: Partial<TicketListItem> = {}): TicketListItem => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  number: `GD20261125${String(n).padStart(6, '0')}`,
  status: 'closed',
  regionCode: '150602',
  channel: 'chat',
  category: '综合咨询',
  conversationId: `c${n}`,
  citizen: { id: `z${n}`, displayName: `群众${n}` },
  seat: { id: 'seat-1', name: '刘敏', jobNumber: 'DS001' },
  matter: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  acceptedAt: '2026-11-25T08:00:05.000Z',
  endedAt: '2026-11-25T08:05:05.000Z',
  durationSeconds: 300,
  satisfaction: 5,
  closedAt: '2026-11-25T08:06:00.000Z',
  updatedAt: '2026-11-25T08:06:00.000Z',
  escalatedAt: null,
  conversationStatus: 'ended',
  ...patch,
});
const page = (tickets: TicketListItem[], patch: Partial<TicketListView> = {}): TicketListView => ({
  tickets,
  total: tickets.length,
  totalCapped: false,
  page: 1,
  pageSize: 20,
  nextCursor: null,
  ...patch,
});
const detail = (n: number, patch: Partial<TicketDetail> = {}): TicketDetail => ({
  ...item(n),
  evaluation: null,
  timeline: [],
  allowedActions: ['note', 'reopen'],
  ...patch,
});
const calledParams = (call = 0) => Object.fromEntries(api.list.mock.calls[call]![0].entries());

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

describe('filter ↔ URL query', () => {
  it('round-trips a full filter, lists comma-joined', () => {
    const filter = {
      ...emptyFilter(),
      regionCode: '150602',
      status: ['resolved' as const, 'closed' as const],
      channel: ['chat' as const],
      satisfaction: 4,
      from: '2026-11-01',
      to: '2026-11-30',
      category: '社会保障',
      seatId: '11111111-2222-4333-8444-555555555555',
      q: '张',
      escalated: true,
    };
    const query = filterToQuery(filter);
    expect(query).toEqual({
      regionCode: '150602',
      status: 'resolved,closed',
      channel: 'chat',
      satisfaction: '4',
      from: '2026-11-01',
      to: '2026-11-30',
      category: '社会保障',
      seatId: '11111111-2222-4333-8444-555555555555',
      q: '张',
      escalated: 'true',
    });
    expect(filterFromQuery(query)).toEqual(filter);
  });

  it('leaves out what is empty, and reads repeated keys', () => {
    expect(filterToQuery({ ...emptyFilter(), q: '  ' })).toEqual({});
    expect(filterFromQuery({ status: ['new', 'closed'] }).status).toEqual(['new', 'closed']);
  });

  it('drops malformed values from a hand-edited link instead of sending them', () => {
    const f = filterFromQuery({
      regionCode: '999999',
      status: 'closed,bogus',
      channel: 'fax',
      satisfaction: '9',
      from: 'yesterday',
      seatId: 'not-a-uuid',
      escalated: 'yes',
    });
    expect(f).toEqual({ ...emptyFilter(), status: ['closed'] });
  });
});

describe('tickets store', () => {
  it('applies a query and reads the first page with the filter', async () => {
    api.list.mockResolvedValue(page([item(1), item(2)], { total: 2 }));
    const store = useTicketsStore();
    await store.applyQuery({ status: 'closed', q: 'GD2026' });
    expect(calledParams()).toEqual({ status: 'closed', q: 'GD2026', pageSize: '20' });
    expect(store.tickets).toHaveLength(2);
    expect(store.totalText).toBe('共 2 条');
    expect(store.loading).toBe(false);
  });

  it('pages forward by cursor and back through the cursors it used', async () => {
    const store = useTicketsStore();
    api.list.mockResolvedValueOnce(page([item(1)], { total: 10000, totalCapped: true, nextCursor: 'c2' }));
    await store.applyQuery({ channel: 'chat' });
    expect(store.totalText).toBe('超过 10000 条');
    expect(store.hasNext).toBe(true);
    expect(store.hasPrevious).toBe(false);

    api.list.mockResolvedValueOnce(page([item(2)], { nextCursor: 'c3' }));
    await store.nextPage();
    expect(calledParams(1)).toEqual({ channel: 'chat', pageSize: '20', cursor: 'c2' });
    expect(store.page).toBe(2);

    api.list.mockResolvedValueOnce(page([item(3)], { nextCursor: null }));
    await store.nextPage();
    expect(store.page).toBe(3);
    expect(store.hasNext).toBe(false);
    await store.nextPage(); // nothing further
    expect(api.list).toHaveBeenCalledTimes(3);

    api.list.mockResolvedValueOnce(page([item(2)], { nextCursor: 'c3' }));
    await store.previousPage();
    expect(calledParams(3).cursor).toBe('c2');
    expect(store.page).toBe(2);
    expect(store.tickets[0]!.id).toBe(item(2).id);
  });

  it('a new query starts again at the first page', async () => {
    const store = useTicketsStore();
    api.list.mockResolvedValue(page([item(1)], { nextCursor: 'c2' }));
    await store.applyQuery({});
    await store.nextPage();
    await store.applyQuery({ satisfaction: '1' });
    expect(store.page).toBe(1);
    expect(calledParams(2)).toEqual({ satisfaction: '1', pageSize: '20' });
  });

  it("shows the engine's Chinese message when the list fails", async () => {
    api.list.mockRejectedValue(new ApiError(403, 'OUT_OF_SCOPE', '超出您的数据权限范围'));
    const store = useTicketsStore();
    await store.applyQuery({ regionCode: '150603' });
    expect(store.error).toBe('超出您的数据权限范围');
    expect(store.tickets).toEqual([]);
    expect(store.loading).toBe(false);
  });

  it('drops an answer that arrives after a newer request', async () => {
    let slow: (v: TicketListView) => void = () => undefined;
    api.list.mockReturnValueOnce(new Promise((r) => (slow = r)));
    api.list.mockResolvedValueOnce(page([item(2)]));
    const store = useTicketsStore();
    const first = store.applyQuery({ q: 'a' });
    await store.applyQuery({ q: 'b' });
    slow(page([item(1)]));
    await first;
    expect(store.tickets.map((t) => t.id)).toEqual([item(2).id]);
  });

  it('opens a ticket, and an action updates both the detail and its list row', async () => {
    const store = useTicketsStore();
    api.list.mockResolvedValue(page([item(1), item(2)]));
    await store.applyQuery({});
    api.get.mockResolvedValue({ ticket: detail(1) });
    await store.openDetail(item(1).id);
    expect(store.detail?.number).toBe(item(1).number);

    api.act.mockResolvedValue({ ticket: detail(1, { status: 'pending_reply', allowedActions: ['note', 'close'] }) });
    await store.act('reopen', ' 群众补充材料 ');
    expect(api.act).toHaveBeenCalledWith(item(1).id, { action: 'reopen', note: '群众补充材料' });
    expect(store.detail?.allowedActions).toEqual(['note', 'close']);
    expect(store.tickets[0]!.status).toBe('pending_reply');
    expect(store.tickets[0]).not.toHaveProperty('timeline');
    expect(store.acting).toBe(false);
  });

  it('a failed action throws for the page to show, and clears the busy flag', async () => {
    const store = useTicketsStore();
    api.get.mockResolvedValue({ ticket: detail(1) });
    await store.openDetail(item(1).id);
    api.act.mockRejectedValue(new ApiError(409, 'INVALID_STATE', '会话仍在进行中，请先结束会话'));
    await expect(store.act('close', '')).rejects.toThrow('会话仍在进行中');
    expect(api.act).toHaveBeenCalledWith(item(1).id, { action: 'close' });
    expect(store.acting).toBe(false);
  });

  it('shows why a ticket cannot be opened', async () => {
    api.get.mockRejectedValue(new ApiError(404, 'NOT_FOUND', '工单不存在'));
    const store = useTicketsStore();
    await store.openDetail('x');
    expect(store.detailError).toBe('工单不存在');
    expect(store.detail).toBeNull();
  });
});
