import { createRouter, createWebHashHistory } from 'vue-router';
import { useSessionStore } from './stores/session';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
    { path: '/', name: 'workbench', component: () => import('./views/WorkbenchView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.loaded) await session.load();
  if (!session.account && to.name !== 'login') return { name: 'login' };
  if (session.account && to.name === 'login') return { name: 'workbench' };
  return true;
});
