import { ref } from 'vue';
import { messageOf } from './labels';

/**
 * A form's save: `saving` while it runs, the engine's message in `error` when it is refused.
 * `submit` resolves to the work's result, or undefined when it failed (the form stays open).
 */
export function useSubmit() {
  const saving = ref(false);
  const error = ref('');
  async function submit<T>(work: () => Promise<T>): Promise<T | undefined> {
    saving.value = true;
    error.value = '';
    try {
      return await work();
    } catch (e) {
      error.value = messageOf(e);
      return undefined;
    } finally {
      saving.value = false;
    }
  }
  return { saving, error, submit };
}
