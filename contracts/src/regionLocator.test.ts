import { describe, expect, it } from 'vitest';
import { REGION_CENTRES, distanceKm, nearestRegion } from './regionLocator.js';

describe('nearestRegion', () => {
  it('picks the region whose centre is at the position', () => {
    for (const [code, centre] of Object.entries(REGION_CENTRES)) expect(nearestRegion(centre)).toBe(code);
  });

  it('picks the nearest centre for a point between regions', () => {
    // A point in 东胜 a few kilometres east of the district government.
    expect(nearestRegion({ lat: 39.82, lng: 110.02 })).toBe('150602');
    // Far south-west, near 鄂托克前旗.
    expect(nearestRegion({ lat: 37.9, lng: 107.2 })).toBe('150623');
  });

  it('refuses coordinates that are not a position', () => {
    expect(nearestRegion({ lat: Number.NaN, lng: 109 })).toBeNull();
    expect(nearestRegion({ lat: 120, lng: 109 })).toBeNull();
  });

  it('measures distance on the sphere', () => {
    // 东胜 → 康巴什 is about 20 km by air.
    const km = distanceKm(REGION_CENTRES['150602'], REGION_CENTRES['150603']);
    expect(km).toBeGreaterThan(15);
    expect(km).toBeLessThan(25);
  });
});
