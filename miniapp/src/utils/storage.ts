/** Keys of everything the citizen app keeps in uni storage. */
export const STORAGE_KEYS = {
  token: 'cloudSeat.token',
  regionCode: 'cloudSeat.regionCode',
  elderMode: 'cloudSeat.elderMode',
} as const;

/** 带什么 checklist of one matter: the names of the materials the citizen ticked (JSON array). */
export function checklistKey(matterId: string) {
  return `cloudSeat.checklist.${matterId}` as const;
}

type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS] | ReturnType<typeof checklistKey>;

/** uni.getStorageSync answers '' for a missing key; this answers null. */
export function readString(key: StorageKey): string | null {
  try {
    const value: unknown = uni.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

export function writeString(key: StorageKey, value: string): void {
  uni.setStorageSync(key, value);
}

export function readFlag(key: StorageKey): boolean {
  return readString(key) === '1';
}

export function writeFlag(key: StorageKey, value: boolean): void {
  uni.setStorageSync(key, value ? '1' : '0');
}

export function removeKey(key: StorageKey): void {
  uni.removeStorageSync(key);
}
