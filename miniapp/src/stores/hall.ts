/**
 * Service hall store (服务大厅): the regions, the chosen region (remembered), its online seats
 * and the citizen's unfinished conversation, if any.
 */
import { reactive, readonly } from 'vue';
import {
  CITY_REGION_CODE,
  REGIONS,
  REGION_CODES,
  type ConversationView,
  type RegionCode,
  type RegionView,
  type SeatState,
  type SeatView,
} from '@cloud-seat/contracts';
import { ApiError } from '../api/client';
import { conversationsApi } from '../api/conversations';
import { regionsApi } from '../api/regions';
import { STORAGE_KEYS, readString, writeString } from '../utils/storage';

interface HallState {
  regions: RegionView[];
  regionCode: RegionCode;
  seats: SeatView[];
  seatsLoading: boolean;
  seatsError: string;
  /** The newest conversation that is still queued, offered or active (继续咨询). */
  openConversation: ConversationView | null;
}

/** Idle seats first: they can take a citizen now. */
const STATE_ORDER: Record<SeatState, number> = { idle: 0, handling: 1, busy: 2, paused: 3, offline: 4 };

const state = reactive<HallState>({
  // The ten regions are fixed (contracts); the API answer replaces them when it comes.
  regions: REGIONS.map((r) => ({ code: r.code, name: r.name, level: r.level })),
  regionCode: CITY_REGION_CODE,
  seats: [],
  seatsLoading: false,
  seatsError: '',
  openConversation: null,
});

let seatsRequest = 0;

function isRegionCode(code: string | null): code is RegionCode {
  return code !== null && (REGION_CODES as readonly string[]).includes(code);
}

export const hallStore = {
  state: readonly(state),

  regionName(code: string): string {
    return state.regions.find((r) => r.code === code)?.name ?? '';
  },

  /** Restores the remembered region (default 市本级) and loads regions, seats and the open conversation. */
  async load() {
    const remembered = readString(STORAGE_KEYS.regionCode);
    if (isRegionCode(remembered)) state.regionCode = remembered;
    await Promise.all([hallStore.loadRegions(), hallStore.loadSeats(), hallStore.loadOpenConversation()]);
  },

  async loadRegions() {
    try {
      const regions = await regionsApi.list();
      if (regions.length) state.regions = regions;
    } catch {
      // Keep the built-in list; the seats request reports connectivity problems.
    }
  },

  async selectRegion(code: string) {
    if (code === state.regionCode || !isRegionCode(code)) return;
    state.regionCode = code;
    writeString(STORAGE_KEYS.regionCode, code);
    await hallStore.loadSeats();
  },

  async loadSeats() {
    const request = ++seatsRequest;
    const code = state.regionCode;
    state.seatsLoading = true;
    state.seatsError = '';
    try {
      const seats = await regionsApi.seats(code);
      if (request !== seatsRequest) return;
      state.seats = seats
        .filter((s) => s.state !== 'offline')
        .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.jobNumber.localeCompare(b.jobNumber));
    } catch (error) {
      if (request !== seatsRequest) return;
      state.seats = [];
      state.seatsError =
        error instanceof ApiError && error.status !== 0 ? error.message : '坐席信息加载失败，请检查网络后重试';
    } finally {
      if (request === seatsRequest) state.seatsLoading = false;
    }
  },

  async loadOpenConversation() {
    try {
      const mine = await conversationsApi.mine();
      state.openConversation = mine.find((c) => ['queued', 'offered', 'active'].includes(c.status)) ?? null;
    } catch {
      state.openConversation = null;
    }
  },
};
