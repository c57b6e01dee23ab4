import { createRouter, createWebHashHistory } from 'vue-router';
import { useSessionStore } from './stores/session';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
    { path: '/', name: 'workbench', component: () => import('./views/WorkbenchView.vue') },
    { path: '/tickets', name: 'tickets', component: () => import('./views/TicketsView.vue') },
    { path: '/tickets/:id', name: 'ticket', component: () => import('./views/TicketsView.vue') },
    {
      path: '/settings/quick-replies',
      name: 'settings-quick-replies',
      component: () => import('./views/TeamLibraryView.vue'),
      meta: { permission: 'quick_reply.manage' },
    },
    {
      path: '/settings/faqs',
      name: 'settings-faqs',
      component: () => import('./views/TeamLibraryView.vue'),
      meta: { permission: 'quick_reply.manage' },
    },
    {
      path: '/settings/assistant',
      alias: '/assistant',
      name: 'settings-assistant',
      component: () => import('./views/AssistantView.vue'),
      // Within the data scope: a region's staff set their own region.
      meta: { permission: 'queue.manage' },
    },
    ...(
      [
        ['/settings/catalog', 'settings-catalog'],
        ['/settings/catalog/changes', 'settings-catalog-changes'],
        ['/settings/scenarios', 'settings-scenarios'],
      ] as const
    ).map(([path, name]) => ({
      path,
      name,
      component: () => import('./views/CatalogView.vue'),
      // The catalog is shared by every region: curated by staff whose data scope is all regions.
      meta: { permission: 'matter.manage', allRegions: true },
    })),
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.loaded) await session.load();
  if (!session.account && to.name !== 'login') return { name: 'login' };
  if (session.account && to.name === 'login') return { name: 'workbench' };
  // The workbench is for seats; supervisors and admins start on 工单管理.
  if (session.account && !session.isSeat && to.name === 'workbench') return { name: 'tickets' };
  const permission = to.meta.permission;
  if (typeof permission === 'string' && !session.can(permission)) return { name: 'tickets' };
  if (to.meta.allRegions && session.account?.dataScope !== 'all') return { name: 'tickets' };
  return true;
});
