import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import { useSubmit } from './useSubmit';

describe('useSubmit', () => {
  it('is saving while the work runs and gives its result', async () => {
    const { saving, error, submit } = useSubmit();
    let release: (v: string) => void = () => {};
    const running = submit(() => new Promise<string>((r) => (release = r)));
    expect(saving.value).toBe(true);
    release('ok');
    expect(await running).toBe('ok');
    expect([saving.value, error.value]).toEqual([false, '']);
  });

  it('shows the engine’s message of a refusal and resolves to undefined', async () => {
    const { saving, error, submit } = useSubmit();
    const result = await submit(() => Promise.reject(new ApiError(409, 'CONFLICT', '快捷语 /hy 已存在')));
    expect([result, saving.value, error.value]).toEqual([undefined, false, '快捷语 /hy 已存在']);
    await submit(() => Promise.reject(new Error('socket hang up')));
    expect(error.value).toBe('操作失败，请稍后再试');
  });
});
