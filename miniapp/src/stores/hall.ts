/**
 * Service hall store (服务大厅): the regions, the chosen region (remembered; on first use the
 * nearest to the citizen's location), its online seats with their counts, teams and filters,
 * kept live, and the citizen's unfinished conversation, if any.
 */
import { reactive, readonly } from 'vue';
import {
  CITY_REGION_CODE,
  OPEN_CONTACT_STATUSES,
  REGIONS,
  REGION_CODES,
  SEAT_STATES,
  nearestRegion,
  type ConversationView,
  type RegionCode,
  type RegionView,
  type SeatCardsQuery,
  type SeatState,
  type SeatView,
} from '@cloud-seat/contracts';
import { mergeCounts, mergeSeat, sortSeats } from './seatCards';
import { ApiError } from '../api/client';
import { conversationsApi } from '../api/conversations';
import { regionsApi } from '../api/regions';
import { STORAGE_KEYS, readString, writeString } from '../utils/storage';

interface HallState {
  regions: RegionView[];
  regionCode: RegionCode;
  seats: SeatView[];
  /** Online seats per state, before filtering. */
  counts: Record<SeatState, number>;
  /** Filter choices (teams and skills of the online seats) and the current filter. */
  categories: string[];
  skills: string[];
  filter: SeatCardsQuery;
  /** Set when the region was chosen from the citizen's location. */
  locatedRegion: RegionCode | null;
  seatsLoading: boolean;
  seatsError: string;
  /** The newest conversation still open: with the assistant, queued, offered or active (继续咨询). */
  openConversation: ConversationView | null;
}

const noCounts = () => Object.fromEntries(SEAT_STATES.map((s) => [s, 0])) as Record<SeatState, number>;

/** The device's position, or null when the citizen refuses or it is unavailable. */
function currentPosition(): Promise<{ lat: number; lng: number } | null> {
  return new Promise((resolve) => {
    try {
      uni.getLocation({
        type: 'wgs84',
        success: (r) => resolve({ lat: r.latitude, lng: r.longitude }),
        fail: () => resolve(null),
      });
    } catch {
      resolve(null);
    }
  });
}

const state = reactive<HallState>({
  // The ten regions are fixed (contracts); the API answer replaces them when it comes.
  regions: REGIONS.map((r) => ({ code: r.code, name: r.name, level: r.level })),
  regionCode: CITY_REGION_CODE,
  seats: [],
  counts: noCounts(),
  categories: [],
  skills: [],
  filter: {},
  locatedRegion: null,
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

  /**
   * Restores the remembered region; the first time, picks the region nearest to the citizen's
   * location (市本级 when it is refused or unknown). Then loads regions, seats and the open
   * conversation.
   */
  async load() {
    if (!hallStore.restoreRegion()) {
      const position = await currentPosition();
      const nearest = position ? nearestRegion(position) : null;
      if (nearest) {
        state.regionCode = nearest;
        state.locatedRegion = nearest;
        writeString(STORAGE_KEYS.regionCode, nearest);
      }
    }
    await Promise.all([hallStore.loadRegions(), hallStore.loadSeats(), hallStore.loadOpenConversation()]);
  },

  /** The region chosen before (pages opened without the hall, e.g. a guide); false when none is remembered. */
  restoreRegion(): boolean {
    const remembered = readString(STORAGE_KEYS.regionCode);
    if (isRegionCode(remembered)) state.regionCode = remembered;
    return isRegionCode(remembered);
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
    state.locatedRegion = null;
    state.filter = {};
    writeString(STORAGE_KEYS.regionCode, code);
    await hallStore.loadSeats();
  },

  /** Changes one part of the filter (undefined clears it) and reloads the cards. */
  async setFilter(patch: SeatCardsQuery) {
    state.filter = { ...state.filter, ...patch };
    for (const key of Object.keys(state.filter) as Array<keyof SeatCardsQuery>) {
      if (!state.filter[key]) delete state.filter[key];
    }
    await hallStore.loadSeats();
  },

  /** A live change of one seat of the shown region (region.seat). */
  applySeat(seat: SeatView) {
    if (seat.regionCode !== state.regionCode) return;
    const shown = state.seats.find((s) => s.id === seat.id);
    if (!shown && Object.keys(state.filter).length > 0) {
      // Hidden by the filter, so its previous state is unknown here: read the cards again.
      void hallStore.loadSeats();
      return;
    }
    state.counts = mergeCounts(state.counts, shown?.state ?? null, seat.state);
    state.seats = mergeSeat(state.seats, seat, state.filter);
    if (seat.state !== 'offline' && !state.categories.includes(seat.category)) {
      state.categories = [...state.categories, seat.category].sort();
    }
  },

  async loadSeats() {
    const request = ++seatsRequest;
    const code = state.regionCode;
    state.seatsLoading = true;
    state.seatsError = '';
    try {
      const cards = await regionsApi.seats(code, state.filter);
      if (request !== seatsRequest) return;
      state.seats = sortSeats(cards.seats.filter((s) => s.state !== 'offline'));
      state.counts = cards.counts;
      state.categories = cards.categories;
      state.skills = cards.skills;
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
      state.openConversation =
        mine.find((c) => (OPEN_CONTACT_STATUSES as readonly string[]).includes(c.status)) ?? null;
    } catch {
      state.openConversation = null;
    }
  },
};
