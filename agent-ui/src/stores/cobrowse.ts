/**
 * 同屏协助 on the seat's side: per conversation, the co-browse session and the citizen page's
 * rrweb events received since the panel's last full snapshot (the panel's Replayer reads them),
 * and the citizen's answers to fill guidance.
 */
import type { CobrowseEvent, CobrowseSessionView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { cobrowseApi } from '@/api/cobrowse';

/** rrweb's full-snapshot event type: the mirror can start from here. */
const FULL_SNAPSHOT = 2;

export interface CobrowseState {
  session: CobrowseSessionView;
  /** Events from the latest full snapshot's meta event on, in order (not reactive inside). */
  events: CobrowseEvent[];
  /** Bumped when events arrive; the panel feeds its Replayer from its own cursor. */
  version: number;
  /** Bumped when a new full snapshot restarts the mirror. */
  generation: number;
  answers: Record<string, boolean>;
}

export const useCobrowseStore = defineStore('cobrowse', {
  state: () => ({ byConversation: {} as Record<string, CobrowseState> }),
  actions: {
    applySession(session: CobrowseSessionView) {
      const held = this.byConversation[session.conversationId];
      if (held && held.session.id === session.id) held.session = session;
      else
        this.byConversation[session.conversationId] = {
          session,
          events: markRaw([]),
          version: 0,
          generation: 0,
          answers: {},
        };
    },
    /** A batch from the citizen page; a full snapshot (with the meta event before it) starts over. */
    applyEvents(sessionId: string, events: CobrowseEvent[]) {
      const held = Object.values(this.byConversation).find((s) => s.session.id === sessionId);
      if (!held) return;
      const full = events.findIndex((e) => e.type === FULL_SNAPSHOT);
      if (full >= 0) {
        const start = full > 0 && events[full - 1]!.type === 4 ? full - 1 : full; // 4: meta (size)
        held.events = markRaw(events.slice(start));
        held.generation += 1;
      } else {
        held.events.push(...events);
      }
      held.version += 1;
    },
    applyAnswer(sessionId: string, annotationId: string, accepted: boolean) {
      const held = Object.values(this.byConversation).find((s) => s.session.id === sessionId);
      if (held) held.answers = { ...held.answers, [annotationId]: accepted };
    },
    async load(conversationId: string) {
      const { session } = await cobrowseApi.current(conversationId);
      if (session) this.applySession(session);
    },
    request: (conversationId: string) => cobrowseApi.request(conversationId),
    async end(conversationId: string) {
      const held = this.byConversation[conversationId];
      if (!held) return;
      this.applySession((await cobrowseApi.end(conversationId, held.session.id)).session);
    },
  },
});
