/** Phone features the guide uses: copy, call, map. Thin wrappers over uni so pages stay declarative. */

export function copyText(text: string, done = '已复制') {
  uni.setClipboardData({
    data: text,
    success: () => uni.showToast({ title: done, icon: 'none' }),
  });
}

/**
 * Asks the phone to call. In H5 uni sets `location.href = 'tel:…'`: the browser hands it to the
 * dialer and the page (the SPA router too) stays as it was. Do not swap in a hidden iframe: the
 * engine's CSP (frame-src falls back to 'self') blocks it, so nothing would dial; an `<a>` click
 * is the same navigation. Desktop Chromium asks before opening an external app, and that prompt
 * (invisible in headless tests) holds back real taps until answered: e2e/catalog.e2e.ts allows
 * `tel:` in the test phone's profile instead.
 */
export function call(phoneNumber: string) {
  uni.makePhoneCall({ phoneNumber, fail: () => copyText(phoneNumber, '号码已复制') });
}

/** Coordinates, when the catalog gives a place some (the guide view does not carry them yet). */
function coordinatesOf(place: object): { latitude: number; longitude: number } | null {
  const { latitude, longitude } = place as { latitude?: unknown; longitude?: unknown };
  return typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : null;
}

/**
 * Opens the phone's map at a place: the map itself with coordinates; else the map search link in
 * H5; else (the mini-program cannot open web links) the address is copied to paste into a map app.
 */
export function openMap(place: { name: string; address: string; mapUrl: string }) {
  const at = coordinatesOf(place);
  if (at) {
    uni.openLocation({ ...at, name: place.name, address: place.address });
    return;
  }
  // #ifdef H5
  if (place.mapUrl) {
    window.open(place.mapUrl, '_blank');
    return;
  }
  // #endif
  copyText(place.address, '地址已复制，可粘贴到地图中搜索');
}
