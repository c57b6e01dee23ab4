/** A clock a test moves by hand, passed to the engine as its `now`. */
export class TestClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now = (): Date => new Date(this.base() + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Moves the clock to an instant (relative to the real time flowing on). */
  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.base();
  }
}
