import { COBROWSE_LASER_LINGER_MS, COBROWSE_STROKE_LIFETIME_MS } from '@cloud-seat/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnotationOverlay, strokeOpacity, strokePath } from './overlay';

const q = (id: string) => document.querySelectorAll(`[data-testid=${id}]`);

describe('the seat marks over the citizen page', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('draws a path through the points and fades a stroke only at the end of its life', () => {
    expect(
      strokePath([
        { x: 1, y: 2 },
        { x: 3.04, y: 4.16 },
      ]),
    ).toBe('M1 2 L3 4.2');
    expect(strokeOpacity(0)).toBe(1);
    expect(strokeOpacity(COBROWSE_STROKE_LIFETIME_MS - 2000)).toBe(1);
    expect(strokeOpacity(COBROWSE_STROKE_LIFETIME_MS - 1000)).toBeCloseTo(0.5);
    expect(strokeOpacity(COBROWSE_STROKE_LIFETIME_MS)).toBe(0);
  });

  it('removes a stroke once it faded, keeps a note until 知道了, and clears both', () => {
    vi.useFakeTimers();
    const overlay = new AnnotationOverlay(document, () => Date.now());
    overlay.stroke(
      [
        { x: 0, y: 0 },
        { x: 10, y: 10 },
      ],
      '#e53935',
    );
    const dismissed = vi.fn();
    overlay.note({ x: 20, y: 300 }, '写到门牌号', { onDismiss: dismissed });
    expect(q('cobrowse-stroke')).toHaveLength(1);
    expect(q('cobrowse-note')[0]!.textContent).toContain('写到门牌号');

    vi.advanceTimersByTime(COBROWSE_STROKE_LIFETIME_MS + 500);
    expect(q('cobrowse-stroke')).toHaveLength(0);
    expect(q('cobrowse-note')).toHaveLength(1);
    (q('cobrowse-note-dismiss')[0] as HTMLButtonElement).click();
    expect(q('cobrowse-note')).toHaveLength(0);
    expect(dismissed).toHaveBeenCalledOnce();

    overlay.stroke(
      [
        { x: 0, y: 0 },
        { x: 5, y: 5 },
      ],
      '#1e88e5',
    );
    overlay.note({ x: 1, y: 1 }, '再看一下');
    overlay.clear();
    expect(q('cobrowse-stroke')).toHaveLength(0);
    expect(q('cobrowse-note')).toHaveLength(0);
    overlay.dispose();
    expect(q('cobrowse-overlay')).toHaveLength(0);
  });

  it('shows the laser where it points and hides it when it stops moving', () => {
    vi.useFakeTimers();
    const overlay = new AnnotationOverlay();
    const laser = q('cobrowse-laser')[0] as HTMLElement;
    expect(laser.style.display).toBe('none');
    overlay.pointAt({ x: 40, y: 80 });
    expect([laser.style.display, laser.style.left, laser.style.top]).toEqual(['block', '40px', '80px']);
    vi.advanceTimersByTime(COBROWSE_LASER_LINGER_MS - 100);
    overlay.pointAt({ x: 42, y: 81 });
    vi.advanceTimersByTime(COBROWSE_LASER_LINGER_MS - 100);
    expect(laser.style.display).toBe('block');
    vi.advanceTimersByTime(200);
    expect(laser.style.display).toBe('none');
    overlay.dispose();
  });
});
