/**
 * The guide (办事指南) of a matter that may change under the component: the guide page's query, or
 * the chat's conversation when the seat pushes a matter or the engine detects one. Loaded through
 * the catalog store (once per matter).
 */
import { computed, ref, watch } from 'vue';
import { MATTER_SOURCE_LABELS, type MatterSource } from '@cloud-seat/contracts';
import { catalogStore, type CatalogStore } from '../stores/catalog';
import { matterBadges } from '../utils/matterGuide';

export function useMatterGuide(matterId: () => string | null, store: CatalogStore = catalogStore) {
  const id = computed(matterId);
  const loading = ref(false);

  watch(
    id,
    async (current) => {
      if (!current) return;
      loading.value = true;
      await store.loadGuide(current);
      if (id.value === current) loading.value = false;
    },
    { immediate: true },
  );

  return {
    id,
    guide: computed(() => (id.value ? (store.state.guides[id.value] ?? null) : null)),
    error: computed(() => (id.value ? (store.state.guideErrors[id.value] ?? '') : '')),
    loading,
    reload: () => (id.value ? store.loadGuide(id.value, { force: true }) : Promise.resolve(null)),
  };
}

/**
 * The chat's matter card: the conversation's matter with its guide, 到现场次数 and required materials
 * (带什么), folded by the citizen. A new matter opens the card again so it is noticed.
 */
export function useMatterCard(
  conversation: () => { matter: { id: string; name: string } | null; matterSource: MatterSource | null } | null,
  store: CatalogStore = catalogStore,
) {
  const matter = computed(() => conversation()?.matter ?? null);
  const { guide } = useMatterGuide(() => matter.value?.id ?? null, store);
  const collapsed = ref(false);
  const peek = ref(false);

  watch(
    () => matter.value?.id,
    () => {
      collapsed.value = false;
      peek.value = false;
    },
  );

  return {
    matter,
    guide,
    collapsed,
    peek,
    /** 最多跑一次, 可云坐席辅助申报 … once the guide is here. */
    badges: computed(() => (guide.value ? matterBadges(guide.value) : [])),
    required: computed(() => guide.value?.materials.filter((m) => m.required) ?? []),
    sourceLabel: computed(() => {
      const source = conversation()?.matterSource;
      return source ? MATTER_SOURCE_LABELS[source] : '';
    }),
    toggle: () => (collapsed.value = !collapsed.value),
    togglePeek: () => (peek.value = !peek.value),
  };
}
