import { describe, expect, it } from 'vitest';
import {
  COBROWSE_MAX_NOTE_LENGTH,
  COBROWSE_MAX_STROKE_POINTS,
  cobrowseAnnotationRequestSchema,
  cobrowseShareRequestSchema,
  guidePartSelector,
} from './cobrowse.js';

const parse = (body: unknown) => cobrowseAnnotationRequestSchema.safeParse(body);
const points = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i, y: i * 2 }));

describe('co-browse annotations', () => {
  it('takes a stroke of 2 to the most points in a pen colour, nothing longer or off the page', () => {
    expect(parse({ kind: 'stroke', points: points(2), color: '#e53935' }).success).toBe(true);
    expect(parse({ kind: 'stroke', points: points(COBROWSE_MAX_STROKE_POINTS), color: '#1e88e5' }).success).toBe(true);
    expect(parse({ kind: 'stroke', points: points(COBROWSE_MAX_STROKE_POINTS + 1), color: '#1e88e5' }).success).toBe(
      false,
    );
    expect(parse({ kind: 'stroke', points: points(1), color: '#e53935' }).success).toBe(false);
    expect(parse({ kind: 'stroke', points: points(3), color: 'url(javascript:x)' }).success).toBe(false);
    expect(
      parse({
        kind: 'stroke',
        points: [
          { x: -1, y: 0 },
          { x: 1, y: 1 },
        ],
        color: '#e53935',
      }).success,
    ).toBe(false);
    expect(
      parse({
        kind: 'stroke',
        points: [
          { x: NaN, y: 0 },
          { x: 1, y: 1 },
        ],
        color: '#e53935',
      }).success,
    ).toBe(false);
  });

  it('takes a note with text up to the limit, on an element or only at a point', () => {
    const at = { x: 10, y: 20 };
    expect(parse({ kind: 'note', target: null, at, text: '请在这里签字' }).success).toBe(true);
    expect(parse({ kind: 'note', target: { mirrorId: 12, selector: null }, at, text: '写全称' }).success).toBe(true);
    expect(parse({ kind: 'note', target: null, at, text: '  ' }).success).toBe(false);
    expect(parse({ kind: 'note', target: null, at, text: '字'.repeat(COBROWSE_MAX_NOTE_LENGTH + 1) }).success).toBe(
      false,
    );
    expect(parse({ kind: 'note', target: { mirrorId: null, selector: null }, at, text: 'x' }).success).toBe(false);
  });

  it('takes a laser point and a clear; refuses an unknown kind', () => {
    expect(parse({ kind: 'laser', at: { x: 1, y: 2 } }).success).toBe(true);
    expect(parse({ kind: 'laser' }).success).toBe(false);
    expect(parse({ kind: 'clear' }).success).toBe(true);
    expect(parse({ kind: 'erase' }).success).toBe(false);
  });

  it('shares a matter guide by id or stops sharing', () => {
    expect(cobrowseShareRequestSchema.safeParse({ matterId: null }).success).toBe(true);
    expect(cobrowseShareRequestSchema.safeParse({ matterId: 'x' }).success).toBe(false);
    expect(guidePartSelector('bring')).toBe('[data-guide-part="bring"]');
  });
});
