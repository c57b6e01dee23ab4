/** The signed-in seat's own profile and state (空闲 / 办理中 / 忙碌 / 暂停服务 / 离线). */
import type { SeatView, SetSeatStateRequest } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { seatApi } from '@/api/seat';

export const useSeatStore = defineStore('seat', {
  state: () => ({ seat: null as SeatView | null, changing: false }),
  actions: {
    /** Realtime and HTTP answers both land here; an older snapshot never overwrites a newer one. */
    apply(seat: SeatView) {
      if (this.seat && this.seat.id === seat.id && Date.parse(seat.stateSince) < Date.parse(this.seat.stateSince))
        return;
      this.seat = seat;
    },
    async refresh() {
      this.apply(await seatApi.get());
    },
    async changeState(request: SetSeatStateRequest) {
      this.changing = true;
      try {
        this.apply(await seatApi.setState(request));
      } finally {
        this.changing = false;
      }
    },
  },
});
