/**
 * H5 only (imported behind `// #ifdef H5`; rrweb is imported statically: uni's H5 build names a
 * dynamically imported node_modules chunk with a path it cannot resolve): the citizen's side of
 * 同屏协助. rrweb records the
 * page (sensitive fields masked by `maskForSeat`), batches go to the engine over HTTP, and the
 * seat's annotations, shared guide, snapshot requests and the end arrive on a socket of its own.
 * Highlights and fill guidance go to the page; strokes, notes and the laser to the overlay.
 */
import {
  COBROWSE_BATCH_INTERVAL_MS,
  type CobrowseAnnotation,
  type CobrowseEvent,
  type CobrowseSessionView,
  type CobrowseShareView,
  type CobrowseTarget,
  type ServerToClientEvents,
  type ClientToServerEvents,
} from '@cloud-seat/contracts';
import { record } from 'rrweb';
import { io, type Socket } from 'socket.io-client';
import { cobrowseApi } from '../api/cobrowse';
import { http } from '../api/http';
import { API_BASE } from '../config';
import { createEventBatcher, maskForSeat, type EventBatcher } from './batcher';
import { AnnotationOverlay } from './overlay';

export interface LiveSessionHandlers {
  /** The serving seat asks to co-browse (shown as the consent prompt). */
  onRequested(): void;
  /** A highlight or fill guidance (strokes, notes, the laser and 清除 go to the overlay). */
  onAnnotation(annotation: CobrowseAnnotation, element: Element | null): void;
  /** The seat's marks were cleared (清除). */
  onCleared(): void;
  /** The seat shares a matter's guide, or stopped (null). */
  onShare(share: CobrowseShareView | null): void;
  onSession(session: CobrowseSessionView): void;
  onError(error: unknown): void;
}

export class CobrowseLink {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private stopRecording: (() => void) | null = null;
  private batcher: EventBatcher | null = null;
  private overlay: AnnotationOverlay | null = null;
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
      if (sessionId === this.session?.id) this.mark(annotation);
    });
    socket.on('cobrowse.shared', ({ sessionId, share }) => {
      if (sessionId === this.session?.id) this.handlers.onShare(share);
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
    this.overlay?.dispose();
    this.overlay = null;
    this.stopMirror();
    this.socket?.disconnect();
    this.socket = null;
  }

  private apply(session: CobrowseSessionView): void {
    this.session = session;
    if (session.status === 'active') this.startMirror();
    else this.stopMirror();
    if (session.status === 'ended') {
      this.overlay?.dispose();
      this.overlay = null;
      this.handlers.onShare(null);
    }
    this.handlers.onSession(session);
  }

  private mark(annotation: CobrowseAnnotation): void {
    switch (annotation.kind) {
      case 'highlight':
      case 'guidance':
        this.handlers.onAnnotation(annotation, this.elementOf(annotation.target));
        return;
      case 'stroke':
        this.layer().stroke(annotation.points, annotation.color);
        return;
      case 'note': {
        const spot = this.noteSpot(annotation.target, annotation.at);
        this.layer().note(spot.at, annotation.text, { aboveY: spot.aboveY });
        return;
      }
      case 'laser':
        this.layer().pointAt(annotation.at);
        return;
      case 'clear':
        this.overlay?.clear();
        this.handlers.onCleared();
    }
  }

  private layer(): AnnotationOverlay {
    this.overlay ??= new AnnotationOverlay();
    return this.overlay;
  }

  /** A note on an element sits just below it (where the page lays it out); otherwise at the point. */
  private noteSpot(target: CobrowseTarget | null, at: { x: number; y: number }) {
    const el = target ? this.elementOf(target) : null;
    if (!el) return { at, aboveY: undefined };
    const r = el.getBoundingClientRect();
    return {
      at: { x: r.left + window.scrollX, y: r.bottom + window.scrollY + 4 },
      aboveY: r.top + window.scrollY,
    };
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
  private elementOf(target: CobrowseTarget): Element | null {
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
