import { createRouter, createWebHashHistory } from 'vue-router';
import { useSessionStore } from './stores/session';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
    { path: '/', name: 'workbench', component: () => import('./views/WorkbenchView.vue') },
    { path: '/tickets', name: 'tickets', component: () => import('./views/TicketsView.vue') },
    { path: '/tickets/:id', name: 'ticket', component: () => import('./views/TicketsView.vue') },
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
  return true;
});
