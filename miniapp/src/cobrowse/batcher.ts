/**
 * Co-browse plumbing without a browser: rrweb events gathered for a short interval and sent one
 * batch at a time, in order (a batch waits for the previous one), and the masking rule for fields
 * marked sensitive in the form definition.
 */
import { COBROWSE_REVEALED_ATTRIBUTE, COBROWSE_SENSITIVE_ATTRIBUTE, type CobrowseEvent } from '@cloud-seat/contracts';

export interface EventBatcher {
  push(event: CobrowseEvent): void;
  /** Sends what is gathered now (and waits for the batches before it). */
  flush(): Promise<void>;
  /** Drops what is gathered and sends nothing more. */
  stop(): void;
}

export function createEventBatcher(
  send: (seq: number, events: CobrowseEvent[]) => Promise<unknown>,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): EventBatcher {
  let pending: CobrowseEvent[] = [];
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0 || stopped) return chain;
    const events = pending;
    pending = [];
    const n = seq++;
    chain = chain.then(() => send(n, events).then(() => undefined, options.onError ?? (() => {})));
    return chain;
  }

  return {
    push(event) {
      if (stopped) return;
      pending.push(event);
      timer ??= setTimeout(() => void flush(), options.intervalMs);
    },
    flush,
    stop() {
      stopped = true;
      pending = [];
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * What the seat sees of a field's text: passwords, and fields marked sensitive unless the citizen
 * revealed one, as `*`.
 */
export function maskForSeat(text: string, element: Element | null): string {
  if (element?.getAttribute('type') === 'password') return '*'.repeat(text.length);
  const field = element?.closest(`[${COBROWSE_SENSITIVE_ATTRIBUTE}]`) ?? null;
  if (!field || field.hasAttribute(COBROWSE_REVEALED_ATTRIBUTE)) return text;
  return '*'.repeat(text.length);
}
