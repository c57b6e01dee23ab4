/**
 * 坐席电话: the seat's softphone state. Registers with credentials from `GET /api/seat/sip`,
 * refreshes them before they expire and after a reconnect, and holds at most one call: ringing
 * (the switch's INVITE for an offered call contact), answered (which accepts the contact), held,
 * ended. The SoftPhone is passed in, so tests drive the store with a fake.
 */
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { conversationsApi } from '@/api/conversations';
import { seatApi } from '@/api/seat';
import { credentialsRefreshDelay, type PhoneCall, type RegistrationState, type SoftPhone } from '@/softphone/types';
import { useConversationsStore } from './conversations';
import { useOffersStore } from './offers';

export type PhoneStatus = 'unregistered' | 'registered' | 'ringing' | 'in_call' | 'held';
export const PHONE_STATUS_LABELS: Record<PhoneStatus, string> = {
  unregistered: '未注册',
  registered: '已注册',
  ringing: '振铃',
  in_call: '通话中',
  held: '保持',
};

export interface CallState {
  conversationId: string | null;
  media: CallMedia;
  remoteName: string | null;
  answering: boolean;
  /** Epoch ms when media came up; null while ringing. */
  answeredAt: number | null;
  muted: boolean;
  held: boolean;
  cameraOff: boolean;
}

export interface PhoneDeps {
  fetchCredentials?: () => Promise<SipCredentialsView>;
  now?: () => number;
  /** Failures the seat should hear about (answering, opening the answered conversation). */
  onError?: (e: unknown) => void;
}

const RETRY_MS = 10_000;

export const usePhoneStore = defineStore('phone', () => {
  const registration = ref<RegistrationState>('unregistered');
  const call = ref<CallState | null>(null);
  const localStream = shallowRef<MediaStream | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);

  let phone: SoftPhone | null = null;
  let current: PhoneCall | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let fetchCredentials: () => Promise<SipCredentialsView> = () => seatApi.sip();
  let now: () => number = () => Date.now();
  let onError: (e: unknown) => void = () => undefined;

  const status = computed<PhoneStatus>(() => {
    if (call.value) return call.value.answeredAt === null ? 'ringing' : call.value.held ? 'held' : 'in_call';
    return registration.value === 'registered' ? 'registered' : 'unregistered';
  });

  function schedule(credentials: SipCredentialsView) {
    clearRefresh();
    refreshTimer = setTimeout(() => void refresh(), credentialsRefreshDelay(credentials.expiresAt, now()));
  }

  function clearRefresh() {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
  }

  /** New credentials for the next REGISTER; on failure, try again shortly. */
  async function refresh() {
    if (!phone) return;
    try {
      const credentials = await fetchCredentials();
      if (!phone) return;
      phone.updateCredentials(credentials);
      schedule(credentials);
    } catch {
      // No switch configured or the engine away: stay 未注册 (the chip says so) and try again.
      clearRefresh();
      refreshTimer = setTimeout(() => void refresh(), RETRY_MS);
    }
  }

  async function start(softPhone: SoftPhone, deps: PhoneDeps = {}) {
    stop();
    phone = softPhone;
    fetchCredentials = deps.fetchCredentials ?? (() => seatApi.sip());
    now = deps.now ?? (() => Date.now());
    onError = deps.onError ?? (() => undefined);
    softPhone.on('registration', (state) => {
      if (phone !== softPhone) return;
      registration.value = state;
      // Rejected credentials (expired meanwhile): fetch new ones soon.
      if (state === 'failed') {
        clearRefresh();
        refreshTimer = setTimeout(() => void refresh(), 5_000);
      }
    });
    softPhone.on('reconnected', () => {
      if (phone === softPhone) void refresh();
    });
    softPhone.on('incoming', (incoming, conversationId) => {
      if (phone === softPhone) ring(incoming, conversationId);
    });
    try {
      const credentials = await fetchCredentials();
      if (phone !== softPhone) return;
      await softPhone.register(credentials);
      schedule(credentials);
    } catch {
      if (phone === softPhone) refreshTimer = setTimeout(() => void retryStart(softPhone), RETRY_MS);
    }
  }

  async function retryStart(softPhone: SoftPhone) {
    if (phone !== softPhone) return;
    try {
      const credentials = await fetchCredentials();
      if (phone !== softPhone) return;
      await softPhone.register(credentials);
      schedule(credentials);
    } catch {
      if (phone === softPhone) refreshTimer = setTimeout(() => void retryStart(softPhone), RETRY_MS);
    }
  }

  function stop() {
    clearRefresh();
    current?.terminate();
    clear();
    phone?.unregister();
    phone = null;
    registration.value = 'unregistered';
  }

  function clear() {
    current = null;
    call.value = null;
    localStream.value = null;
    remoteStream.value = null;
  }

  function ring(incoming: PhoneCall, conversationId: string | null) {
    // One call at a time: a second one is busy here.
    if (current) {
      incoming.terminate(486);
      return;
    }
    current = incoming;
    call.value = {
      conversationId,
      media: incoming.remoteHasVideo ? 'video' : 'audio',
      remoteName: incoming.remoteName,
      answering: false,
      answeredAt: null,
      muted: false,
      held: false,
      cameraOff: false,
    };
    incoming.on('streams', ({ local, remote }) => {
      if (current !== incoming) return;
      localStream.value = local;
      remoteStream.value = remote;
    });
    incoming.on('confirmed', () => {
      if (current !== incoming || !call.value) return;
      call.value = { ...call.value, answering: false, answeredAt: now() };
      if (conversationId) void openConversation(conversationId);
    });
    incoming.on('ended', () => {
      if (current === incoming) clear();
    });
    // A call contact this seat already took on the workbench (接入 before the phone rang): the
    // phone answers by itself instead of ringing until the switch gives up. A chat's call still
    // rings: the seat decides whether to take it.
    const taken = conversationId ? useConversationsStore().byId[conversationId] : undefined;
    if (taken && taken.status === 'active' && taken.channel !== 'chat') void answer();
  }

  /** The offered conversation, if its offer card is there: its channel says whether to send video. */
  function offerOf(conversationId: string | null) {
    return conversationId ? useOffersStore().offers.find((o) => o.conversation.id === conversationId) : undefined;
  }

  /** Answering accepted the contact on the engine: open it like an accepted offer. */
  async function openConversation(conversationId: string, attempt = 0): Promise<void> {
    const offers = useOffersStore();
    const offer = offerOf(conversationId);
    if (offer) offers.remove(offer.id);
    const conversations = useConversationsStore();
    try {
      conversations.upsert(await conversationsApi.get(conversationId));
      conversations.select(conversationId);
      await conversations.catchUp(conversationId);
    } catch (e) {
      if (attempt < 2) setTimeout(() => void openConversation(conversationId, attempt + 1), 1_000);
      else onError(e);
    }
  }

  async function answer() {
    const c = call.value;
    if (!current || !c || c.answeredAt !== null || c.answering) return;
    const offer = offerOf(c.conversationId);
    const media: CallMedia = offer ? (offer.conversation.channel === 'video' ? 'video' : 'audio') : c.media;
    call.value = { ...c, media, answering: true };
    try {
      await current.answer(media);
    } catch (e) {
      // No microphone/camera (or permission refused): the switch hears 480 and re-offers.
      current?.terminate(480);
      clear();
      onError(e);
    }
  }

  function reject() {
    if (!current || call.value?.answeredAt !== null) return;
    current.terminate(486);
    clear();
  }

  function hangup() {
    current?.terminate();
    clear();
  }

  function toggleMute() {
    if (!current || !call.value?.answeredAt) return;
    const muted = !call.value.muted;
    current.setMuted(muted);
    call.value = { ...call.value, muted };
  }

  /**
   * 保持 / 恢复 on the switch (PUT …/call/hold: hold music to the citizen, the legs unbridged) —
   * not a SIP re-INVITE, which the embedded switch does not take; locally the microphone and
   * camera stop sending meanwhile.
   */
  async function toggleHold() {
    const live = call.value;
    if (!current || !live?.answeredAt || !live.conversationId) return;
    const held = !live.held;
    const placed = current;
    await conversationsApi.holdCall(live.conversationId, held);
    if (current !== placed || !call.value) return;
    placed.setHeld(held);
    call.value = { ...call.value, held };
  }

  function toggleCamera() {
    if (!current || !call.value?.answeredAt || call.value.media !== 'video') return;
    const cameraOff = !call.value.cameraOff;
    current.setCameraOff(cameraOff);
    call.value = { ...call.value, cameraOff };
  }

  function dtmf(tone: string) {
    if (current && call.value?.answeredAt && /^[0-9*#A-D]$/.test(tone)) current.sendDtmf(tone);
  }

  return {
    registration,
    call,
    localStream,
    remoteStream,
    status,
    start,
    stop,
    refresh,
    answer,
    reject,
    hangup,
    toggleMute,
    toggleHold,
    toggleCamera,
    dtmf,
  };
});
