/**
 * Default region from the citizen's location: the nearest of the ten region centres (the seat of
 * each 旗区 government; 市本级 at the municipal government in 康巴什). Coordinates are WGS-84,
 * approximate to about a kilometre, which is plenty to tell the regions apart.
 */
import type { RegionCode } from './enums.js';

export interface LatLng {
  lat: number;
  lng: number;
}

export const REGION_CENTRES: Record<RegionCode, LatLng> = {
  '150600': { lat: 39.6086, lng: 109.7812 },
  '150602': { lat: 39.8166, lng: 109.9631 },
  '150603': { lat: 39.6275, lng: 109.8582 },
  '150621': { lat: 40.4036, lng: 110.0403 },
  '150622': { lat: 39.8645, lng: 111.2398 },
  '150623': { lat: 38.1823, lng: 107.4778 },
  '150624': { lat: 39.0945, lng: 107.9765 },
  '150625': { lat: 39.8335, lng: 108.7361 },
  '150626': { lat: 38.5906, lng: 108.8423 },
  '150627': { lat: 39.5648, lng: 109.749 },
};

/** Great-circle distance in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The region whose centre is nearest; null for coordinates that are not a real position. */
export function nearestRegion(position: LatLng): RegionCode | null {
  const { lat, lng } = position;
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  let best: RegionCode | null = null;
  let bestKm = Infinity;
  for (const [code, centre] of Object.entries(REGION_CENTRES) as Array<[RegionCode, LatLng]>) {
    const km = distanceKm(position, centre);
    if (km < bestKm) {
      best = code;
      bestKm = km;
    }
  }
  return best;
}
