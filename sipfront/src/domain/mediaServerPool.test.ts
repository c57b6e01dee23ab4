import { describe, expect, it } from 'vitest';
import { MediaServerPool, statusOfProbe } from './mediaServerPool.js';

const targets = [
  { host: '10.0.0.5', port: 5080 },
  { host: '10.0.0.6', port: 5080 },
  { host: '10.0.0.7', port: 5080 },
];

describe('statusOfProbe', () => {
  it('maps OPTIONS answers: 503 busy, silence/408/5xx down, anything else up', () => {
    expect(statusOfProbe(200)).toBe('up');
    expect(statusOfProbe(404)).toBe('up');
    expect(statusOfProbe(503)).toBe('busy');
    expect(statusOfProbe(null)).toBe('down');
    expect(statusOfProbe(408)).toBe('down');
    expect(statusOfProbe(500)).toBe('down');
  });
});

describe('MediaServerPool', () => {
  it('offers no target before the first ping has answered', () => {
    expect(new MediaServerPool(targets).candidates()).toEqual([]);
  });

  it('offers only healthy targets, rotating the first one call by call', () => {
    const pool = new MediaServerPool(targets);
    pool.record('10.0.0.5:5080', 200);
    pool.record('10.0.0.6:5080', 503);
    pool.record('10.0.0.7:5080', 200);
    const hosts = () => pool.candidates().map((t) => t.host);
    expect(hosts()).toEqual(['10.0.0.5', '10.0.0.7']);
    expect(hosts()).toEqual(['10.0.0.7', '10.0.0.5']);
    expect(hosts()).toEqual(['10.0.0.5', '10.0.0.7']);
  });

  it('reports a status change once, with the time it happened', () => {
    let now = 1000;
    const pool = new MediaServerPool(targets, () => now);
    expect(pool.record('10.0.0.5:5080', 200)).toEqual({ key: '10.0.0.5:5080', from: 'unknown', to: 'up', code: 200 });
    now = 2000;
    expect(pool.record('10.0.0.5:5080', 200)).toBeNull();
    expect(pool.record('10.0.0.5:5080', null)).toMatchObject({ from: 'up', to: 'down', code: null });
    expect(pool.targets[0]).toMatchObject({ status: 'down', since: 2000, lastCode: null });
    expect(pool.candidates()).toEqual([]);
    expect(() => pool.record('10.9.9.9:5080', 200)).toThrow(/unknown media server/);
  });

  it('needs at least one target', () => {
    expect(() => new MediaServerPool([])).toThrow();
  });
});
