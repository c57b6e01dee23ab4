/**
 * Benchmarks that print figures. `npm run bench` runs them all; `npm run bench -- startup` one.
 *
 *   startup   embedded default: PGlite first init vs reopen, migrations, seed, first health
 *   acd       pure router: one decision and a full pass, 2,000 seats × 10,000 waiting contacts;
 *             then enqueue → offered through the engine on PostgreSQL with as many waiting
 *   tickets   1,000,000 tickets (BENCH_TICKETS): generation, index build, then list filters through
 *             the query module and over HTTP, p50/p95/p99 (goal p95 ≤ 200 ms), and a CSV export
 *   chat      message round trip (POST by the citizen → message.new at the seat's socket),
 *             p50/p95/p99, on the embedded default and on PostgreSQL + Redis, same run
 *   catalog   10 regions × 2,000 matters (BENCH_MATTERS): search through the engine's index and over
 *             HTTP p50/p95/p99 (goal p95 ≤ 50 ms) beside a PostgreSQL ILIKE peer; index build, memory,
 *             matter detection per message; a platform sync of 20,000 records (BENCH_SYNC_ROWS)
 *   assistant the AI assistant with the full seed knowledge: Assistant.understand + step per eval
 *             question, BENCH_ROUNDS (20) shuffled rounds, cold / repeat / never-seen wordings,
 *             p50/p95/p99/max (goal p99 ≤ 10 ms), GC pauses, heap, a substring-scan peer; with Node's
 *             defaults and with --max-semi-space-size (BENCH_SEMI_SPACE, 32), each in a child process
 *   chatload  10,000 socket.io connections on one engine, 1,000 msg/s for 20 s: post → recipient
 *             p50/p95/p99, throughput, engine CPU and RSS (BENCH_SOCKETS, BENCH_RATE, BENCH_SECONDS)
 */
import { acd } from './acd.js';
import { acdEngine } from './acdEngine.js';
import { assistant } from './assistant.js';
import { catalog } from './catalog.js';
import { chatLatency } from './chatLatency.js';
import { chatLoad } from './chatLoad.js';
import { startup } from './startup.js';
import { tickets } from './tickets.js';

const benches: Record<string, () => Promise<void>> = {
  startup,
  chat: chatLatency,
  chatload: chatLoad,
  tickets,
  catalog,
  assistant,
  acd: async () => {
    await acd();
    await acdEngine();
  },
};
const wanted = process.argv.slice(2);
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  await bench();
}
process.exit(0);
