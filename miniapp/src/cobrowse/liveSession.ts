/**
 * H5 only (imported behind `// #ifdef H5`; rrweb is imported statically: uni's H5 build names a
 * dynamically imported node_modules chunk with a path it cannot resolve): the citizen's side of
 * 同屏协助. rrweb records the
 * page (sensitive fields masked by `maskForSeat`), batches go to the engine over HTTP, and the
 * seat's annotations, snapshot requests and the end arrive on a socket of its own.
 */
import {
  COBROWSE_BATCH_INTERVAL_MS,
  type CobrowseAnnotation,
  type CobrowseEvent,
  type CobrowseSessionView,
  type ServerToClientEvents,
  type ClientToServerEvents,
} from '@cloud-seat/contracts';
import { record } from 'rrweb';
import { io, type Socket } from 'socket.io-client';
import { cobrowseApi } from '../api/cobrowse';
import { http } from '../api/http';
import { API_BASE } from '../config';
import { createEventBatcher, maskForSeat, type EventBatcher } from './batcher';

export interface LiveSessionHandlers {
  /** The serving seat asks to co-browse (shown as the consent prompt). */
  onRequested(): void;
  onAnnotation(annotation: CobrowseAnnotation, element: Element | null): void;
  onSession(session: CobrowseSessionView): void;
  onError(error: unknown): void;
}

export class CobrowseLink {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private stopRecording: (() => void) | null = null;
  private batcher: EventBatcher | null = null;
  session: CobrowseSessionView | null = null;

  constructor(
    private readonly conversationId: string,
    private readonly handlers: LiveSessionHandlers,
  ) {}

  /** Listens for the seat's requests (before consent) and, once started, its annotations. */
  connect(): void {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(API_BASE || undefined, {
      path: '/socket.io',
      auth: (send) => send({ token: http.currentToken() ?? '' }),
    });
    this.socket = socket;
    socket.on('cobrowse.request', ({ conversationId }) => {
      if (conversationId === this.conversationId) this.handlers.onRequested();
    });
    socket.on('cobrowse.snapshot.wanted', ({ sessionId }) => {
      if (sessionId === this.session?.id && this.stopRecording) record.takeFullSnapshot(true);
    });
    socket.on('cobrowse.annotation', ({ sessionId, annotation }) => {
      if (sessionId !== this.session?.id) return;
      this.handlers.onAnnotation(annotation, this.elementOf(annotation.target));
    });
    const onSession = ({ session }: { session: CobrowseSessionView }) => {
      if (session.id !== this.session?.id) return;
      this.apply(session);
    };
    socket.on('cobrowse.paused', onSession);
    socket.on('cobrowse.ended', onSession);
  }

  /** The citizen consented: start (or resume after a reload) and mirror the page. */
  async start(formTitle: string): Promise<void> {
    this.apply(await cobrowseApi.start(this.conversationId, formTitle));
  }

  async pause(paused: boolean): Promise<void> {
    if (!this.session) return;
    this.apply(await cobrowseApi.pause(this.conversationId, this.session.id, paused));
  }

  async end(): Promise<void> {
    if (!this.session) return;
    this.apply(await cobrowseApi.end(this.conversationId, this.session.id));
  }

  answer(annotationId: string, accepted: boolean): Promise<unknown> {
    if (!this.session) return Promise.resolve();
    return cobrowseApi.answer(this.conversationId, this.session.id, { annotationId, accepted });
  }

  dispose(): void {
    this.stopMirror();
    this.socket?.disconnect();
    this.socket = null;
  }

  private apply(session: CobrowseSessionView): void {
    this.session = session;
    if (session.status === 'active') this.startMirror();
    else this.stopMirror();
    this.handlers.onSession(session);
  }

  private startMirror(): void {
    const session = this.session;
    if (!session || session.status !== 'active' || this.stopRecording) return;
    const batcher = createEventBatcher(
      (seq, events) => cobrowseApi.events(this.conversationId, session.id, seq, events),
      { intervalMs: COBROWSE_BATCH_INTERVAL_MS, onError: this.handlers.onError },
    );
    this.batcher = batcher;
    this.stopRecording =
      record({
        emit: (event) => batcher.push(event as unknown as CobrowseEvent),
        // Every input goes through maskInputFn (rrweb asks it only for the inputs maskInputOptions
        // covers): it masks passwords and the fields marked sensitive, unless revealed.
        maskAllInputs: true,
        maskInputFn: (text, element) => maskForSeat(text, element),
      }) ?? null;
  }

  private stopMirror(): void {
    this.stopRecording?.();
    this.stopRecording = null;
    void this.batcher?.flush();
    this.batcher?.stop();
    this.batcher = null;
  }

  /** The element the seat pointed at: by rrweb mirror id, else by the selector. */
  private elementOf(target: { mirrorId: number | null; selector: string | null }): Element | null {
    const byId = target.mirrorId !== null ? record.mirror.getNode(target.mirrorId) : null;
    if (byId && byId.nodeType === 1) return byId as Element;
    if (byId?.parentElement) return byId.parentElement;
    if (!target.selector) return null;
    try {
      return document.querySelector(target.selector);
    } catch {
      return null;
    }
  }
}
