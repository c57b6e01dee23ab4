/**
 * Starting a contact (连线): 快速连线 from the hall or a guide, 连线指定坐席 from a seat card, or
 * 咨询坐席 carrying a matter from its guide. The engine answers with the new conversation (or the
 * citizen's open one) and the chat page opens on it.
 */
import { ref } from 'vue';
import type { CallMedia, CreateConversationRequest } from '@cloud-seat/contracts';
import { callsApi } from '../api/calls';
import { CALL_SUPPORT_HINTS } from '../calls/callMode';
import { currentCallSupport } from '../calls/support';
import { ApiError } from '../api/client';
import { conversationsApi } from '../api/conversations';
import { openChat } from '../utils/pages';

export function useConnect() {
  const connecting = ref(false);
  const connectError = ref('');

  async function connect(request: CreateConversationRequest) {
    if (connecting.value) return;
    connecting.value = true;
    connectError.value = '';
    try {
      const conversation = await conversationsApi.create(request);
      openChat(conversation.id);
    } catch (error) {
      connectError.value =
        error instanceof ApiError && error.status !== 0 && error.status < 500
          ? error.message
          : '连线失败，请检查网络后重试';
    } finally {
      connecting.value = false;
    }
  }

  /** 语音 / 视频: a call contact, then the chat page in call mode (H5 only; elsewhere a hint). */
  async function connectCall(request: CreateConversationRequest, media: CallMedia) {
    if (connecting.value) return;
    const support = currentCallSupport();
    if (support !== 'ok') {
      connectError.value = CALL_SUPPORT_HINTS[support];
      return;
    }
    connecting.value = true;
    connectError.value = '';
    try {
      const conversation = await callsApi.create({ ...request, channel: media });
      openChat(conversation.id, media);
    } catch (error) {
      connectError.value =
        error instanceof ApiError && error.status !== 0 && error.status < 500
          ? error.message
          : '连线失败，请检查网络后重试';
    } finally {
      connecting.value = false;
    }
  }

  return { connecting, connectError, connect, connectCall };
}
