import { seatView } from '@cloud-seat/contracts/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { regionsApi } from '@/api/regions';
import { emptyFilter, type TicketFilterForm } from '@/stores/tickets';
import TicketFilterBar from './TicketFilterBar.vue';

vi.mock('@/api/regions', () => ({ regionsApi: { seats: vi.fn(), roster: vi.fn(), matters: vi.fn() } }));
const regions = vi.mocked(regionsApi);

const known = [{ id: '22222222-2222-4222-8222-222222222222', name: '王强', jobNumber: 'DS002' }];

beforeEach(() => {
  vi.resetAllMocks();
  regions.seats.mockResolvedValue({
    seats: [seatView({ id: '11111111-1111-4111-8111-111111111111', name: '刘敏', jobNumber: 'DS001' })],
    counts: { offline: 0, idle: 1, handling: 0, busy: 0, paused: 0 },
    categories: ['社会保障'],
    skills: [],
  });
  regions.roster.mockResolvedValue({
    seats: [
      {
        id: '33333333-3333-4333-8333-333333333333',
        name: '赵雪',
        jobNumber: 'DS003',
        category: '婚姻登记',
        state: 'offline',
      },
      {
        id: '11111111-1111-4111-8111-111111111111',
        name: '刘敏',
        jobNumber: 'DS001',
        category: '社会保障',
        state: 'idle',
      },
    ],
  });
  regions.matters.mockResolvedValue({
    matters: [{ id: 'm1', regionCode: '150602', code: 'M1', name: '结婚登记', category: '婚姻登记', summary: '' }],
  });
});

const mountBar = (scope: 'all' | 'region' | 'self', filter: TicketFilterForm = emptyFilter()) =>
  mount(TicketFilterBar, { props: { filter, scope, ownRegion: '150602', knownSeats: known }, attachTo: document.body });

describe('TicketFilterBar', () => {
  it('lets an admin choose the region; a supervisor sees its own fixed; a seat neither', async () => {
    const admin = mountBar('all');
    expect(admin.find('[data-testid=filter-region]').exists()).toBe(true);
    const supervisor = mountBar('region');
    expect(supervisor.find('[data-testid=filter-region]').exists()).toBe(false);
    expect(supervisor.find('[data-testid=filter-region-fixed]').text()).toBe('东胜区');
    const seat = mountBar('self');
    expect(seat.find('[data-testid=filter-region-fixed]').exists()).toBe(false);
    expect(seat.find('[data-testid=filter-seat]').exists()).toBe(false);
    expect(seat.find('[data-testid=filter-category]').exists()).toBe(false);
    for (const w of [admin, supervisor, seat]) w.unmount();
  });

  it('offers every seat of the region (offline ones too) and the seats met in the list, and its teams', async () => {
    const bar = mountBar('region');
    await flushPromises();
    expect(regions.roster).toHaveBeenCalledWith('150602');
    expect(regions.seats).not.toHaveBeenCalled();
    const vm = bar.vm as unknown as {
      seatChoices: Array<{ name: string }>;
      categoryChoices: string[];
    };
    expect(vm.seatChoices.map((s) => s.name)).toEqual(['刘敏', '王强', '赵雪']);
    expect(vm.categoryChoices).toEqual(['综合咨询', '婚姻登记', '社会保障']);
    bar.unmount();
  });

  it('falls back to the online seats when the roster cannot be read', async () => {
    regions.roster.mockRejectedValue(new Error('403'));
    const bar = mountBar('region');
    await flushPromises();
    const vm = bar.vm as unknown as { seatChoices: Array<{ name: string }> };
    expect(vm.seatChoices.map((s) => s.name)).toEqual(['刘敏', '王强']);
    bar.unmount();
  });

  it("admin: reads the chosen region's roster, none without a region", async () => {
    const bar = mountBar('all');
    await flushPromises();
    expect(regions.roster).not.toHaveBeenCalled();
    bar.unmount();
    const chosen = mountBar('all', { ...emptyFilter(), regionCode: '150603' });
    await flushPromises();
    expect(regions.roster).toHaveBeenCalledWith('150603');
    chosen.unmount();
  });

  it('searches with the edited draft (Enter in the text box), and reset clears everything', async () => {
    const bar = mountBar('region', { ...emptyFilter(), status: ['closed'] });
    const input = bar.find('[data-testid=filter-q] input, input[data-testid=filter-q]');
    await input.setValue('GD2026');
    await input.trigger('keyup', { key: 'Enter' });
    expect(bar.emitted('search')![0]![0]).toEqual({ ...emptyFilter(), status: ['closed'], q: 'GD2026' });
    await bar.find('[data-testid=filter-reset]').trigger('click');
    expect(bar.emitted('search')![1]![0]).toEqual(emptyFilter());
    bar.unmount();
  });
});
