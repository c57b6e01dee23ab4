import { seatView } from '@cloud-seat/contracts/testing';
import type { StaffAccountView } from '@cloud-seat/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import TopBar from './TopBar.vue';

const Empty = { template: '<div />' };
const router = () =>
  createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'workbench', component: Empty },
      { path: '/tickets', name: 'tickets', component: Empty },
      { path: '/settings/quick-replies', name: 'settings-quick-replies', component: Empty },
      { path: '/settings/faqs', name: 'settings-faqs', component: Empty },
      { path: '/settings/catalog', name: 'settings-catalog', component: Empty },
      { path: '/settings/scenarios', name: 'settings-scenarios', component: Empty },
      { path: '/settings/assistant', name: 'settings-assistant', component: Empty },
    ],
  });

const account = (patch: Partial<StaffAccountView>): StaffAccountView => ({
  id: 'a1',
  username: 'supervisor',
  displayName: '班长',
  role: 'supervisor',
  regionCode: '150600',
  dataScope: 'region',
  permissions: ['conversation.read', 'ticket.manage', 'quick_reply.manage'],
  seat: null,
  ...patch,
});

async function mountAt(path: string, a: StaffAccountView) {
  const r = router();
  await r.push(path);
  return mount(TopBar, { props: { account: a, seat: a.seat }, global: { plugins: [r] } });
}

describe('TopBar', () => {
  it('shows 话术与常见问题 only with quick_reply.manage, active on both of its pages', async () => {
    const supervisor = await mountAt('/settings/faqs', account({}));
    const tab = supervisor.find('[data-testid=nav-library]');
    expect(tab.text()).toBe('话术与常见问题');
    expect(tab.classes()).toContain('router-link-active');
    expect(supervisor.find('[data-testid=nav-tickets]').classes()).not.toContain('router-link-active');

    const elsewhere = await mountAt('/tickets', account({}));
    expect(elsewhere.find('[data-testid=nav-library]').classes()).not.toContain('router-link-active');

    const seat = await mountAt(
      '/',
      account({
        role: 'seat',
        dataScope: 'self',
        permissions: ['seat.workbench', 'conversation.read'],
        seat: seatView(),
      }),
    );
    expect(seat.find('[data-testid=nav-library]').exists()).toBe(false);
    expect(seat.find('[data-testid=nav-tickets]').text()).toBe('我的工单');
  });

  it('shows 事项管理 only with matter.manage, active on the catalog and scenario pages alone', async () => {
    const admin = account({ role: 'admin', dataScope: 'all', permissions: ['quick_reply.manage', 'matter.manage'] });
    const onScenarios = await mountAt('/settings/scenarios', admin);
    expect(onScenarios.find('[data-testid=nav-catalog]').text()).toBe('事项管理');
    expect(onScenarios.find('[data-testid=nav-catalog]').classes()).toContain('router-link-active');
    expect(onScenarios.find('[data-testid=nav-library]').classes()).not.toContain('router-link-active');

    const onFaqs = await mountAt('/settings/faqs', admin);
    expect(onFaqs.find('[data-testid=nav-catalog]').classes()).not.toContain('router-link-active');
    expect((await mountAt('/tickets', account({}))).find('[data-testid=nav-catalog]').exists()).toBe(false);
    // The catalog is every region's: not for a region's staff even with the permission.
    const regional = account({ permissions: ['matter.manage'], dataScope: 'region' });
    expect((await mountAt('/tickets', regional)).find('[data-testid=nav-catalog]').exists()).toBe(false);
  });

  it('shows 智能助手 only with queue.manage (a region’s staff set their own region)', async () => {
    const regional = account({ permissions: ['queue.manage'], dataScope: 'region' });
    const onIt = await mountAt('/settings/assistant', regional);
    expect(onIt.find('[data-testid=nav-assistant]').text()).toBe('智能助手');
    expect(onIt.find('[data-testid=nav-assistant]').classes()).toContain('router-link-active');
    expect((await mountAt('/tickets', account({}))).find('[data-testid=nav-assistant]').exists()).toBe(false);
  });
});
