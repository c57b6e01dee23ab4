/**
 * The seat's marks drawn over the citizen's page (H5): freehand strokes that fade out after
 * COBROWSE_STROKE_LIFETIME_MS, text notes that stay until the citizen taps 知道了, and the laser dot
 * that disappears COBROWSE_LASER_LINGER_MS after its last move (a note off the screen is scrolled
 * to). Everything sits in one fixed layer
 * that lets taps through (except a note's button); the marks are placed in document coordinates and
 * follow the page's scroll. The layer is part of the page, so the seat's mirror shows it too.
 */
import {
  COBROWSE_LASER_LINGER_MS,
  COBROWSE_STROKE_LIFETIME_MS,
  type CobrowsePoint,
  type CobrowseStrokeColor,
} from '@cloud-seat/contracts';

const SVG = 'http://www.w3.org/2000/svg';
/** How long a stroke takes to fade at the end of its life, ms. */
const FADE_MS = 2_000;

/** An SVG path through the points. */
export function strokePath(points: readonly CobrowsePoint[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${Math.round(p.x * 10) / 10} ${Math.round(p.y * 10) / 10}`)
    .join(' ');
}

/** A stroke's opacity at an age: full, then fading over the last FADE_MS of its life, then gone. */
export function strokeOpacity(ageMs: number, lifetimeMs = COBROWSE_STROKE_LIFETIME_MS): number {
  if (ageMs >= lifetimeMs) return 0;
  const fadeFrom = lifetimeMs - FADE_MS;
  return ageMs <= fadeFrom ? 1 : Math.max(0, (lifetimeMs - ageMs) / FADE_MS);
}

export class AnnotationOverlay {
  private readonly root: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly strokes: SVGGElement;
  private readonly notes: HTMLDivElement;
  private readonly laser: HTMLDivElement;
  private readonly drawn = new Map<SVGPathElement, number>();
  private fadeTimer: ReturnType<typeof setInterval> | null = null;
  private laserTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onScroll = () => this.follow();

  constructor(
    private readonly doc: Document = document,
    private readonly now: () => number = Date.now,
  ) {
    this.root = doc.createElement('div');
    this.root.className = 'cs-annotations';
    this.root.setAttribute('data-testid', 'cobrowse-overlay');
    this.root.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:90;overflow:hidden';
    this.svg = doc.createElementNS(SVG, 'svg');
    this.svg.setAttribute('width', '100%');
    this.svg.setAttribute('height', '100%');
    this.svg.style.cssText = 'position:absolute;inset:0';
    this.strokes = doc.createElementNS(SVG, 'g');
    this.svg.appendChild(this.strokes);
    this.notes = doc.createElement('div');
    this.notes.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0';
    this.laser = doc.createElement('div');
    this.laser.setAttribute('data-testid', 'cobrowse-laser');
    this.laser.style.cssText =
      'position:absolute;left:0;top:0;width:18px;height:18px;margin:-9px 0 0 -9px;border-radius:50%;' +
      'background:rgba(229,57,53,0.9);box-shadow:0 0 0 6px rgba(229,57,53,0.25),0 0 14px 6px rgba(229,57,53,0.45);' +
      'display:none';
    this.notes.appendChild(this.laser);
    this.root.append(this.svg, this.notes);
    doc.body.appendChild(this.root);
    doc.defaultView?.addEventListener('scroll', this.onScroll, { passive: true });
    this.follow();
  }

  stroke(points: readonly CobrowsePoint[], color: CobrowseStrokeColor): void {
    const path = this.doc.createElementNS(SVG, 'path');
    path.setAttribute('d', strokePath(points));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', '4');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    path.setAttribute('data-testid', 'cobrowse-stroke');
    this.strokes.appendChild(path);
    this.drawn.set(path, this.now());
    this.fadeTimer ??= setInterval(() => this.fade(), 250);
  }

  /**
   * A note at a point of the document; where the page ends too soon below it, the note goes above
   * `aboveY` (the top of the element it is on) or up to the page's end. `onDismiss` when the
   * citizen taps 知道了.
   */
  note(at: CobrowsePoint, text: string, options: { aboveY?: number; onDismiss?: () => void } = {}): void {
    const { aboveY, onDismiss } = options;
    const box = this.doc.createElement('div');
    box.setAttribute('data-testid', 'cobrowse-note');
    // Kept inside the page's width: a note near the right edge moves left.
    const width = this.doc.defaultView?.innerWidth ?? 375;
    const left = Math.max(8, Math.min(at.x, width - 248));
    box.style.cssText =
      `position:absolute;left:${left}px;top:${at.y}px;width:max-content;max-width:240px;padding:10px 12px;` +
      'border-radius:8px;' +
      'background:#fff8c5;border:1px solid #e6a23c;box-shadow:0 4px 14px rgba(0,0,0,0.18);color:#303133;' +
      'font-size:18px;line-height:1.5;pointer-events:auto;word-break:break-all';
    const head = this.doc.createElement('div');
    head.textContent = '坐席批注';
    head.style.cssText = 'font-size:13px;color:#b88230;margin-bottom:2px';
    const body = this.doc.createElement('div');
    body.textContent = text;
    const ok = this.doc.createElement('button');
    ok.type = 'button';
    ok.textContent = '知道了';
    ok.setAttribute('data-testid', 'cobrowse-note-dismiss');
    ok.style.cssText =
      'margin-top:8px;min-height:44px;padding:0 16px;border:none;border-radius:8px;background:#e6a23c;color:#fff;font-size:17px';
    ok.addEventListener('click', () => {
      box.remove();
      onDismiss?.();
    });
    box.append(head, body, ok);
    this.notes.insertBefore(box, this.laser);
    const height = box.offsetHeight || 120;
    const pageEnd = this.doc.documentElement.scrollHeight;
    let top = at.y;
    if (top + height + 8 > pageEnd)
      top = Math.max(0, aboveY !== undefined ? aboveY - height - 4 : pageEnd - height - 8);
    box.style.top = `${top}px`;
    this.bringIntoView(top, height);
  }

  /** A note off the screen is scrolled to, just enough to show it whole. */
  private bringIntoView(top: number, height: number): void {
    const win = this.doc.defaultView;
    if (!win) return;
    const bottom = top + height + 8;
    if (bottom > win.scrollY + win.innerHeight) win.scrollTo({ top: bottom - win.innerHeight, behavior: 'smooth' });
    else if (top < win.scrollY + 48) win.scrollTo({ top: Math.max(0, top - 56), behavior: 'smooth' });
  }

  pointAt(at: CobrowsePoint): void {
    this.laser.style.left = `${at.x}px`;
    this.laser.style.top = `${at.y}px`;
    this.laser.style.display = 'block';
    if (this.laserTimer) clearTimeout(this.laserTimer);
    this.laserTimer = setTimeout(() => (this.laser.style.display = 'none'), COBROWSE_LASER_LINGER_MS);
  }

  /** 清除: strokes and notes gone, the laser hidden. */
  clear(): void {
    this.drawn.clear();
    this.strokes.replaceChildren();
    for (const note of Array.from(this.notes.children)) if (note !== this.laser) note.remove();
    this.laser.style.display = 'none';
  }

  dispose(): void {
    this.clear();
    if (this.fadeTimer) clearInterval(this.fadeTimer);
    if (this.laserTimer) clearTimeout(this.laserTimer);
    this.doc.defaultView?.removeEventListener('scroll', this.onScroll);
    this.root.remove();
  }

  private fade(): void {
    const now = this.now();
    for (const [path, at] of this.drawn) {
      const opacity = strokeOpacity(now - at);
      if (opacity <= 0) {
        path.remove();
        this.drawn.delete(path);
      } else if (opacity < 1) path.setAttribute('opacity', opacity.toFixed(2));
    }
    if (this.drawn.size === 0 && this.fadeTimer) {
      clearInterval(this.fadeTimer);
      this.fadeTimer = null;
    }
  }

  /** Document coordinates on a fixed layer: shifted by the page's scroll. */
  private follow(): void {
    const win = this.doc.defaultView;
    const x = -(win?.scrollX ?? 0);
    const y = -(win?.scrollY ?? 0);
    this.strokes.setAttribute('transform', `translate(${x} ${y})`);
    this.notes.style.transform = `translate(${x}px, ${y}px)`;
  }
}
