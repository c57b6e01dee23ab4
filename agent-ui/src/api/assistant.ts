import type { AssistantSettingsRequest, AssistantSettingsView } from '@cloud-seat/contracts';
import { api } from './client';

/** Which assistant the engine runs (its ASSISTANT setting): the embedded NLU, Rasa, or none. */
export type AssistantKind = 'embedded' | 'rasa' | 'off';

/** 智能助手 settings (queue.manage): per region in the reader's scope, whether and when it answers first. */
export const assistantApi = {
  settings: () => api.get<{ assistant: AssistantKind; regions: AssistantSettingsView[] }>('/assistant/settings'),
  save: (regionCode: string, body: AssistantSettingsRequest) =>
    api.put<{ settings: AssistantSettingsView }>(`/regions/${encodeURIComponent(regionCode)}/assistant`, body),
};
