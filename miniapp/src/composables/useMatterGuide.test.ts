import type { ConversationView } from '@cloud-seat/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { catalogApiOf, guideView, material, stubUniStorage } from '../stores/catalog.testing';
import { createCatalogStore } from '../stores/catalog';
import { useMatterCard } from './useMatterGuide';

type Shown = Pick<ConversationView, 'matter' | 'matterSource'>;

/** Lets the guide request and the watchers settle. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

function mountCard(guides = [guideView('m1'), guideView('m2', { name: '内地居民离婚登记', visits: 0 })]) {
  const api = catalogApiOf(guides);
  const store = createCatalogStore(api, { me: async () => ({ kind: 'staff' }) as never });
  const conversation = ref<Shown | null>({ matter: null, matterSource: null });
  const scope = effectScope();
  const card = scope.run(() => useMatterCard(() => conversation.value, store))!;
  return { api, conversation, card, stop: () => scope.stop() };
}

describe('the chat’s matter card', () => {
  beforeEach(() => stubUniStorage());

  it('shows nothing until the conversation has a matter', async () => {
    const { api, card, stop } = mountCard();
    await settle();
    expect(card.matter.value).toBeNull();
    expect(card.guide.value).toBeNull();
    expect(api.matter).not.toHaveBeenCalled();
    stop();
  });

  it('follows the matter as it arrives and changes (detected, then pushed by the seat)', async () => {
    const { api, conversation, card, stop } = mountCard();

    conversation.value = { matter: { id: 'm1', name: '内地居民结婚登记' }, matterSource: 'detected' };
    await settle();
    expect(card.guide.value?.id).toBe('m1');
    expect(card.badges.value.map((b) => b.label)).toEqual(['最多跑一次']);
    expect(card.sourceLabel.value).toBe('系统根据市民描述识别');
    expect(card.required.value.map((m) => m.name)).toEqual(['居民户口簿', '居民身份证']);

    card.toggle();
    card.togglePeek();
    expect(card.collapsed.value).toBe(true);

    conversation.value = { matter: { id: 'm2', name: '内地居民离婚登记' }, matterSource: 'seat' };
    await settle();
    expect(card.matter.value?.name).toBe('内地居民离婚登记');
    expect(card.guide.value?.id).toBe('m2');
    expect(card.badges.value.map((b) => b.label)).toEqual(['全程网办']);
    expect(card.sourceLabel.value).toBe('坐席推送');
    // A new matter opens the card again, with the materials folded.
    expect(card.collapsed.value).toBe(false);
    expect(card.peek.value).toBe(false);

    // The same matter in a later conversation.updated reads nothing again.
    conversation.value = { matter: { id: 'm2', name: '内地居民离婚登记' }, matterSource: 'seat' };
    await settle();
    expect(api.matter).toHaveBeenCalledTimes(2);
    stop();
  });

  it('shows the required materials only, and none while the guide is away', async () => {
    const { conversation, card, stop } = mountCard([
      guideView('m3', { materials: [material('营业执照', { required: false })], assistedFiling: true }),
    ]);
    conversation.value = { matter: { id: 'missing', name: '某事项' }, matterSource: 'carried' };
    await settle();
    expect(card.guide.value).toBeNull();
    expect(card.required.value).toEqual([]);

    conversation.value = { matter: { id: 'm3', name: '某事项' }, matterSource: 'carried' };
    await settle();
    expect(card.required.value).toEqual([]);
    expect(card.badges.value.map((b) => b.kind)).toEqual(['visits', 'assist']);
    expect(card.sourceLabel.value).toBe('市民从办事指南咨询');
    stop();
  });
});
