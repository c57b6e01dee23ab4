/**
 * 智能助手 settings for staff with queue.manage: the assistant the engine runs and, per region in
 * the reader's data scope, whether it answers new conversations first and in which Beijing hours.
 * Loading keeps the engine's Chinese message in `error`; saving throws it for the row to show.
 */
import type { AssistantSettingsRequest, AssistantSettingsView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { assistantApi, type AssistantKind } from '@/api/assistant';
import { messageOf } from '@/composables/labels';

export const useAssistantSettingsStore = defineStore('assistantSettings', {
  state: () => ({
    assistant: null as AssistantKind | null,
    regions: [] as AssistantSettingsView[],
    loading: false,
    loaded: false,
    error: '',
    /** Regions whose settings are being saved. */
    saving: [] as string[],
  }),
  actions: {
    async load() {
      this.loading = true;
      this.error = '';
      try {
        const { assistant, regions } = await assistantApi.settings();
        this.assistant = assistant;
        this.regions = regions;
        this.loaded = true;
      } catch (e) {
        this.error = messageOf(e, '智能助手设置加载失败');
      } finally {
        this.loading = false;
      }
    },
    /** Saves one region's settings; the engine's answer (with its status now) replaces the row. */
    async save(regionCode: string, body: AssistantSettingsRequest) {
      this.saving = [...this.saving, regionCode];
      try {
        const { settings } = await assistantApi.save(regionCode, body);
        this.regions = this.regions.map((r) => (r.regionCode === settings.regionCode ? settings : r));
        return settings;
      } finally {
        this.saving = this.saving.filter((c) => c !== regionCode);
      }
    },
  },
});
