import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CobrowseSketch from './CobrowseSketch.vue';

/** happy-dom has no PointerEvent coordinates from layout: the layer sits at the page's origin. */
function pointer(type: string, x: number, y: number) {
  const e = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true });
  Object.defineProperty(e, 'pointerId', { value: 1 });
  return e;
}

function sketch(tool: 'pen' | 'laser' | 'note') {
  return mount(CobrowseSketch, {
    props: { tool, color: '#e53935', scale: 0.5, scroll: () => ({ x: 0, y: 100 }) },
    attachTo: document.body,
  });
}

describe('CobrowseSketch', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('sends a pen stroke in the citizen document on release', async () => {
    const w = sketch('pen');
    const layer = w.get('[data-testid=cobrowse-sketch]').element;
    layer.dispatchEvent(pointer('pointerdown', 10, 20));
    for (let i = 1; i <= 5; i++) layer.dispatchEvent(pointer('pointermove', 10 + i * 10, 20));
    await w.vm.$nextTick();
    expect(w.findAll('path')).toHaveLength(1); // the stroke being drawn shows here
    layer.dispatchEvent(pointer('pointerup', 60, 20));
    const [[points]] = w.emitted('stroke') as [[Array<{ x: number; y: number }>]];
    expect(points[0]).toEqual({ x: 20, y: 140 }); // stage / 0.5 + scroll
    expect(points.at(-1)).toEqual({ x: 120, y: 140 });
  });

  it('sends laser moves throttled', () => {
    vi.useFakeTimers();
    const w = sketch('laser');
    const layer = w.get('[data-testid=cobrowse-sketch]').element;
    for (let i = 0; i < 20; i++) layer.dispatchEvent(pointer('pointermove', i, i)); // all at once
    expect(w.emitted('laser')).toHaveLength(1);
    vi.advanceTimersByTime(60);
    expect(w.emitted('laser')).toHaveLength(2);
    expect(w.emitted('laser')![1]).toEqual([{ x: 38, y: 138 }]); // the latest
  });

  it('opens a note box where clicked and sends the text with the point', async () => {
    const w = sketch('note');
    w.get('[data-testid=cobrowse-sketch]').element.dispatchEvent(pointer('pointerdown', 30, 40));
    await w.vm.$nextTick();
    await w.get('textarea[data-testid=cobrowse-note-input]').setValue('  写全称  ');
    await w.get('[data-testid=cobrowse-note-send]').trigger('click');
    expect(w.emitted('note')).toEqual([[{ x: 60, y: 180 }, { x: 30, y: 40 }, '写全称']]);
    expect(w.find('[data-testid=cobrowse-note-input]').exists()).toBe(false);
  });
});
