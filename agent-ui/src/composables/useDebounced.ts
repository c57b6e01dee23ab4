import { onBeforeUnmount } from 'vue';

/**
 * Calls `work` once typing pauses for `ms` (a search box asking the engine). `flush` runs a
 * waiting call at once (Enter); a waiting call is dropped when the component goes.
 */
export function useDebounced<A extends unknown[]>(work: (...args: A) => unknown, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  function cancel() {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
  }
  function flush() {
    const args = pending;
    cancel();
    if (args) work(...args);
  }
  function call(...args: A) {
    cancel();
    pending = args;
    timer = setTimeout(flush, ms);
  }
  onBeforeUnmount(cancel);
  return { call, flush, cancel };
}
