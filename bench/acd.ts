/**
 * Pure ACD router: one routing decision (the head of a queue of 10,000 waiting contacts offered
 * to one of 2,000 seats) and a full pass over the whole queue, per strategy.
 */
import { orderQueue } from '../engine/src/domain/acd/priority.js';
import { routeQueue, type RoutableContact, type RoutableSeat } from '../engine/src/domain/acd/router.js';
import { QUEUE_STRATEGIES } from '@cloud-seat/contracts';
import { ms, percentile } from './support.js';

const SEATS = Number(process.env.BENCH_SEATS ?? 2000);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10000);
const DECISIONS = 2000;
const SKILLS = ['综合咨询', '社保', '医保', '企业开办', '不动产', '户籍'];

export async function acd(): Promise<void> {
  const now = new Date('2026-11-25T08:00:00Z');
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seats: RoutableSeat[] = Array.from({ length: SEATS }, (_, i) => ({
    id: `s${i}`,
    regionCode: i % 10 === 0 ? '150600' : '150602',
    skills: [SKILLS[i % SKILLS.length]!, SKILLS[(i * 7) % SKILLS.length]!],
    availability: rand() < 0.8 ? 'available' : 'paused',
    stateSince: new Date(now.getTime() - Math.floor(rand() * 3_600_000)),
    position: i,
    active: { chat: Math.floor(rand() * 3), call: 0 },
    pending: { chat: 0, call: 0 },
    capacity: { chat: 3, call: 1 },
  }));
  const contacts = orderQueue(
    Array.from({ length: CONTACTS }, (_, i) => ({
      id: `c${i}`,
      channel: 'chat' as const,
      enqueuedAt: new Date(now.getTime() - Math.floor(rand() * 1_800_000)),
      appointment: rand() < 0.05,
      elder: rand() < 0.1,
      requiredSkills: rand() < 0.5 ? [SKILLS[Math.floor(rand() * SKILLS.length)]!] : [],
      requestedSeatId: null,
      refusedSeatIds: new Set<string>(),
    })),
  ) satisfies RoutableContact[];

  console.log(`${SEATS} seats (80% available), ${CONTACTS} waiting contacts, half needing a skill:`);
  for (const strategy of QUEUE_STRATEGIES) {
    const queue = {
      regionCode: '150602',
      strategy,
      overflowRegionCode: '150600',
      overflowAfterMs: 600_000,
      lastOfferedPosition: -1,
    };
    const samples: number[] = [];
    for (let i = 0; i < DECISIONS; i++) {
      const head = contacts.slice(i % 100, (i % 100) + 20);
      const t0 = performance.now();
      routeQueue(queue, head, seats, now, 1);
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const t0 = performance.now();
    const { assignments } = routeQueue(queue, contacts, seats, now);
    const pass = performance.now() - t0;
    console.log(
      `  ${strategy.padEnd(15)} one decision p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (goal ≤ 5 ms); full pass ${ms(pass)} → ${assignments.length} offers`,
    );
  }
}
