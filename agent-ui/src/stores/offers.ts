/** Contacts offered to this seat, waiting for 接入 or 拒绝. */
import type { OfferView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { offersApi } from '@/api/offers';
import { seatApi } from '@/api/seat';
import { useConversationsStore } from './conversations';

export const useOffersStore = defineStore('offers', {
  state: () => ({ offers: [] as OfferView[], busyIds: [] as string[] }),
  actions: {
    add(offer: OfferView) {
      if (this.offers.some((o) => o.id === offer.id)) return;
      this.offers = [...this.offers, offer].sort((a, b) => a.offeredAt.localeCompare(b.offeredAt));
    },
    remove(offerId: string) {
      this.offers = this.offers.filter((o) => o.id !== offerId);
    },
    async refresh() {
      this.offers = (await seatApi.offers()).offers;
    },
    async accept(offerId: string) {
      this.busyIds.push(offerId);
      try {
        const conversation = await offersApi.accept(offerId);
        this.remove(offerId);
        const conversations = useConversationsStore();
        conversations.upsert(conversation);
        conversations.select(conversation.id);
        await conversations.catchUp(conversation.id);
        return conversation;
      } catch (e) {
        // Gone (taken, expired): drop it from the list either way.
        this.remove(offerId);
        throw e;
      } finally {
        this.busyIds = this.busyIds.filter((id) => id !== offerId);
      }
    },
    async decline(offerId: string) {
      this.remove(offerId);
      await offersApi.decline(offerId);
    },
  },
});
