/**
 * 常见问题 chips of the chat page: the preset questions of the conversation's region (and its
 * matter), loaded once per region + matter. Tapping one sends it as the citizen's message; the
 * engine answers it at once.
 */
import { reactive, readonly } from 'vue';
import { FAQ_CHIP_LIMIT, type FaqView } from '@cloud-seat/contracts';
import { regionsApi } from '../api/regions';

/** How many chips the chat page shows (a short, horizontally scrolling row); shared with the staff app. */
export { FAQ_CHIP_LIMIT };

type FaqApi = Pick<typeof regionsApi, 'faqs'>;

export function createFaqStore(api: FaqApi) {
  const state = reactive({ key: '', questions: [] as FaqView[] });

  return {
    state: readonly(state),

    /** Loads the region's questions; the same region + matter again is a no-op. A failure just shows no chips. */
    async load(regionCode: string, matterId: string | null) {
      const key = `${regionCode}:${matterId ?? ''}`;
      if (state.key === key) return;
      state.key = key;
      state.questions = [];
      try {
        const faqs = await api.faqs(regionCode, matterId ?? undefined);
        if (state.key !== key) return;
        // The matter's own questions first, then the region's general ones.
        const own = faqs.filter((f) => matterId !== null && f.matterId === matterId);
        state.questions = [...own, ...faqs.filter((f) => !own.includes(f))].slice(0, FAQ_CHIP_LIMIT);
      } catch {
        if (state.key === key) state.key = '';
      }
    },
  };
}

export const faqStore = createFaqStore(regionsApi);
