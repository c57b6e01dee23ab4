/**
 * 长辈版 (elder mode, 适老化): bigger text (20px), line spacing 1.5, high contrast, tap targets of
 * at least 60px and no pop-ups. The choice is kept in uni storage and shared by every page; each
 * page puts `rootClass` on its root view so the `.elder` design tokens (App.vue) apply.
 */
import { computed, readonly, ref } from 'vue';
import { STORAGE_KEYS, readFlag, writeFlag } from '../utils/storage';

const elder = ref(false);
let loaded = false;

function load() {
  if (loaded) return;
  loaded = true;
  elder.value = readFlag(STORAGE_KEYS.elderMode);
}

export function useElderMode() {
  load();

  function setElder(on: boolean) {
    elder.value = on;
    writeFlag(STORAGE_KEYS.elderMode, on);
  }

  return {
    elder: readonly(elder),
    rootClass: computed(() => ({ elder: elder.value })),
    setElder,
    toggleElder: () => setElder(!elder.value),
  };
}
