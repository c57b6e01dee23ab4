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
 *   calls     语音/视频 through the embedded switch with JsSIP in Chromium: BENCH_CALLS (30) video calls,
 *             tap → seat rings and answer → media both ways p50/p95/p99/max (goal p95 ≤ 500 ms); CPU per
 *             call of the engine during BENCH_CONCURRENT (4) calls and of the werift media server alone,
 *             with and without recording, and the recorded calls one core holds (BENCH_CALL_SECONDS, 10)
 *   cobrowse  同屏协助 with the built apps in Chromium (rrweb on the H5 form, the workbench's live
 *             mirror): bandwidth per minute of a typical form session (BENCH_COBROWSE_SECONDS, 60), citizen
 *             → engine and engine → seat, raw and gzip'd; BENCH_COBROWSE_KEYS (100) keystrokes → visible
 *             in the seat's mirror, p50/p95/max (goal p95 ≤ 150 ms)
 *   freeswitch the FreeSWITCH driver (SWITCH=freeswitch) on the fake event socket: BENCH_FS_CALLS (200)
 *             calls at BENCH_FS_RATE (5)/s to 30 seats, parked → answered / seat rung, seat answer →
 *             bridged p50/p95/max, and the engine process's CPU per call
 */
import { acd } from './acd.js';
import { acdEngine } from './acdEngine.js';
import { assistant } from './assistant.js';
import { calls } from './calls.js';
import { catalog } from './catalog.js';
import { chatLatency } from './chatLatency.js';
import { chatLoad } from './chatLoad.js';
import { cobrowse } from './cobrowse.js';
import { freeswitch } from './freeswitch.js';
import { startup } from './startup.js';
import { tickets } from './tickets.js';

const benches: Record<string, () => Promise<void>> = {
  startup,
  chat: chatLatency,
  chatload: chatLoad,
  tickets,
  catalog,
  assistant,
  calls,
  cobrowse,
  freeswitch,
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
