import { beforeEach, describe, expect, it, vi } from 'vitest';
import { stubUniStorage as stubStorage } from '../utils/storage.testing';

// The mode is app-wide state read once from storage: load a fresh module per test.
async function load() {
  vi.resetModules();
  return (await import('./useElderMode')).useElderMode;
}

describe('useElderMode', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('is off by default', async () => {
    stubStorage();
    const { elder, rootClass } = (await load())();
    expect(elder.value).toBe(false);
    expect(rootClass.value).toEqual({ elder: false });
  });

  it('restores the stored choice', async () => {
    stubStorage({ 'cloudSeat.elderMode': '1' });
    const { elder, rootClass } = (await load())();
    expect(elder.value).toBe(true);
    expect(rootClass.value).toEqual({ elder: true });
  });

  it('toggling persists the choice and is shared by every page', async () => {
    const storage = stubStorage();
    const useElderMode = await load();
    const home = useElderMode();
    const chat = useElderMode();

    home.toggleElder();
    expect(storage.get('cloudSeat.elderMode')).toBe('1');
    expect(chat.elder.value).toBe(true);
    expect(chat.rootClass.value).toEqual({ elder: true });

    chat.setElder(false);
    expect(storage.get('cloudSeat.elderMode')).toBe('0');
    expect(home.elder.value).toBe(false);
  });
});
