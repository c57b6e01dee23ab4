/**
 * 语音 / 视频 通话 on the chat page (H5 only): the call of this conversation as the panel shows it —
 * its phase, words and clock — whether a served chat may turn into a call, and starting one (with
 * a hint instead where calls cannot work: the mini-program, no camera/microphone API).
 */
import type { CallMedia, ConversationView } from '@cloud-seat/contracts';
import { computed, ref, watch, type Ref } from 'vue';
import { CALL_SUPPORT_HINTS, callClock, callPhase, callStatusText, canUpgrade } from '../calls/callMode';
import { currentCallSupport } from '../calls/support';
import { callStore } from '../stores/call';

export function useConversationCall(
  conversationId: Ref<string | null>,
  conversation: Ref<ConversationView | null>,
  /** The page's one-second clock (epoch ms). */
  clock: Ref<number>,
) {
  const call = callStore.state;
  const hint = ref('');
  const phase = computed(() =>
    call.conversationId !== null && call.conversationId === conversationId.value
      ? callPhase(call.line, call.switchPhase)
      : 'idle',
  );
  const text = computed(() => callStatusText(phase.value, call.media, conversation.value, call.error));
  const talkingSince = ref<number | null>(null);
  // the clock runs from the seat's answer, through a hold
  watch(phase, (p) => {
    const onLine = p === 'talking' || p === 'held';
    if (onLine && talkingSince.value === null) talkingSince.value = Date.now();
    if (!onLine) talkingSince.value = null;
  });
  const clockText = computed(() => (talkingSince.value !== null ? callClock(talkingSince.value, clock.value) : ''));
  const upgradable = computed(() => canUpgrade(conversation.value, phase.value));

  function start(media: CallMedia, id = conversationId.value) {
    if (!id) return;
    const support = currentCallSupport();
    if (support !== 'ok') {
      hint.value = CALL_SUPPORT_HINTS[support];
      return;
    }
    hint.value = '';
    void callStore.start(id, media);
  }

  return { call, hint, phase, text, clockText, upgradable, start };
}
