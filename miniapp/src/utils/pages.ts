/** Where the citizen app's pages are, and how one page opens another. */
import type { CallMedia } from '@cloud-seat/contracts';
import type { GuideTab } from './matterGuide';

/** `call`: open in call mode and dial at once (语音 / 视频 from the hall). */
export function openChat(conversationId: string, call?: CallMedia) {
  uni.navigateTo({ url: `/pages/chat/chat?id=${encodeURIComponent(conversationId)}${call ? `&call=${call}` : ''}` });
}

/** 办事指南 of one matter; `from: 'chat'` when the chat page opened it (its button then goes back). */
export function openGuide(matterId: string, options: { tab?: GuideTab; from?: 'chat' } = {}) {
  const extra = `${options.tab ? `&tab=${options.tab}` : ''}${options.from ? `&from=${options.from}` : ''}`;
  uni.navigateTo({ url: `/pages/guide/matter?id=${encodeURIComponent(matterId)}${extra}` });
}

export function openTheme(themeCode: string) {
  uni.navigateTo({ url: `/pages/guide/theme?code=${encodeURIComponent(themeCode)}` });
}

export function openMatterSearch(q = '') {
  uni.navigateTo({ url: `/pages/guide/search?q=${encodeURIComponent(q.trim())}` });
}

/** 在线预约 in a region (the chat stays below it, to come back to). */
export function openAppointment(regionCode: string) {
  uni.navigateTo({ url: `/pages/appointment/appointment?region=${encodeURIComponent(regionCode)}` });
}

/** 网上申报 (the H5 form page); inside a served chat it offers 同屏协助 with the serving seat. */
export function openApply(conversationId?: string, options: { consent?: boolean } = {}) {
  const query = conversationId
    ? `?conversationId=${encodeURIComponent(conversationId)}${options.consent ? '&consent=1' : ''}`
    : '';
  uni.navigateTo({ url: `/pages/apply/apply${query}` });
}
