/**
 * Starts the engine in the role the config names: web (HTTP + realtime), worker (jobs), or
 * all (both, one process: the embedded default). Used by main.ts, the tests and the e2e suite.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SessionService } from './auth/sessions.js';
import type { CommandContext } from './commands/context.js';
import { MATTER_SYNONYMS } from './domain/catalog/synonyms.js';
import { MatterCatalog } from './models/matterCatalog.js';
import { createFrontLineAssistant } from './adapters/assistant/index.js';
import { markSeatsSeen } from './commands/seatPresence.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './adapters/db/database.js';
import { connectRedis, type Redis } from './adapters/redis/redis.js';
import { RedisSwitchState } from './adapters/switch/sharedState.js';
import { SwitchCluster } from './adapters/switch/switchCluster.js';
import type { SwitchSharing } from './adapters/switch/switchCalls.js';
import { createHttpApp } from './http/app.js';
import { EmbeddedSwitch } from './adapters/switch/embeddedSwitch.js';
import { FreeswitchSwitch } from './adapters/freeswitch/freeswitchSwitch.js';
import { startSweeper, type Sweeper } from './jobs/sweeper.js';
import { createLogger, type Logger } from './logger.js';
import { migrate } from './migrations/index.js';
import { openBlobStore } from './adapters/storage/openBlobStore.js';
import { WeChatSubscribeMessageChannel } from './adapters/wechat/subscribeMessageChannel.js';
import { Citizen, initModels } from './models/index.js';
import { createRealtimeServer, type RealtimeServer } from './realtime/gateway.js';
import { SocketIoPublisher } from './realtime/publisher.js';
import { seedDemoData, seedReferenceData } from './seed/seeder.js';

export interface Engine {
  config: Config;
  logger: Logger;
  db: Database;
  ctx: CommandContext;
  sessions: SessionService;
  /** Base URL of the HTTP server (web roles), e.g. http://127.0.0.1:3000. */
  url: string | null;
  sweeper: Sweeper | null;
  /** The embedded switch (web roles with SWITCH=embedded). */
  calls: EmbeddedSwitch | null;
  /** The FreeSWITCH driver (web roles with SWITCH=freeswitch). */
  freeswitch: FreeswitchSwitch | null;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** The clock every command reads; tests that move time (appointments) pass their own. */
  now?: () => Date;
}

export async function startEngine(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: EngineOptions = {},
): Promise<Engine> {
  const serveHttp = config.role !== 'worker';
  // First, so a wrong storage setting stops the start before anything else is opened.
  const blobs = serveHttp ? await openBlobStore(config.storage) : null;
  if (blobs) logger.info({ storage: blobs.kind }, 'attachment store ready');
  const db = await openDatabase(config.database, logger);
  initModels(db.sequelize);
  if (config.migrateOnStart) await migrate(db.sequelize, logger);
  await seedReferenceData();
  if (config.seedDemo) {
    await seedDemoData({ sequelize: db.sequelize, logger, now: options.now ?? (() => new Date()) });
  }

  const redisClients: Redis[] = [];
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.role) : null;
  if (redis) redisClients.push(redis);

  const sessions = new SessionService({
    staffSessionMs: config.staffSessionMs,
    citizenSessionMs: config.citizenSessionMs,
    cacheMs: config.sessionCacheMs,
  });
  const httpServer = serveHttp ? http.createServer() : null;
  // The context's publisher needs io, and presence needs the context: bound just below.
  let markSeen: (seatIds: string[]) => Promise<void> = async () => undefined;
  const realtime = createRealtimeServer({
    redis,
    sessions,
    logger,
    onSeatsSeen: (seatIds) => markSeen(seatIds),
    heartbeatMs: Math.max(1000, Math.min(10_000, Math.floor(config.seatDisconnectGraceMs / 3))),
  });
  const io: RealtimeServer = realtime.io;
  const ctx: CommandContext = {
    sequelize: db.sequelize,
    publisher: new SocketIoPublisher(io),
    logger,
    now: options.now ?? (() => new Date()),
    settings: {
      offerTimeoutMs: config.offerTimeoutMs,
      reofferAfterMs: config.reofferAfterMs,
      seatPolicy: { wrapUpMs: config.wrapUpMs, pauseOnNoAnswer: config.pauseOnNoAnswer },
      overflowAfterSeconds: config.overflowAfterSeconds,
      chosenSeatWaitMs: config.chosenSeatWaitMs,
      seatDisconnectGraceMs: config.seatDisconnectGraceMs,
      slotMinutes: config.slotMinutes,
      appointmentGraceMinutes: config.appointmentGraceMinutes,
      assistantIdleMs: config.assistantIdleMs,
    },
    catalog: new MatterCatalog(db.sequelize, MATTER_SYNONYMS),
    assistant: createFrontLineAssistant(config.assistant, db.sequelize, logger),
  };
  // the embedded NLU trains in the background (seconds); the first citizen question waits for it
  ctx.assistant?.ready().catch((err: unknown) => logger.error({ err }, 'assistant failed to start'));

  markSeen = (seatIds) => markSeatsSeen(ctx, seatIds);

  let url: string | null = null;
  let calls: EmbeddedSwitch | null = null;
  let freeswitch: FreeswitchSwitch | null = null;
  if (httpServer && blobs) {
    if (config.switch.kind === 'embedded') {
      calls = await EmbeddedSwitch.start({
        ctx,
        httpServer,
        domain: config.switch.domain,
        host: config.switch.host,
        udpPort: config.switch.udpPort,
        tcpPort: config.switch.tcpPort,
        recordingsDir: config.switch.recordingsDir,
        assetsDir: config.assetsDir,
        seatCredentialTtlMs: config.staffSessionMs,
        hotline: {
          number: config.switch.hotlineNumber,
          trunkAddresses: config.switch.trunkAddresses,
          rtpengineNg: config.switch.rtpengineNg,
          rtpengineDtmfLog: config.switch.rtpengineDtmfLog,
          promptsDir: config.switch.ivrPromptsDir,
          announceEverySeconds: config.switch.hotlineAnnounceSeconds,
        },
      });
      ctx.calls = calls;
    } else if (config.switch.kind === 'freeswitch') {
      // with Redis, every engine can drive the same FreeSWITCH servers (docs/telephony.md)
      let sharing: SwitchSharing | undefined;
      if (redis && config.redisUrl) {
        const subscriber = connectRedis(config.redisUrl, `${config.role}-switch`);
        redisClients.push(subscriber);
        sharing = {
          state: new RedisSwitchState(redis, config.switch.domain),
          cluster: new SwitchCluster({
            redis,
            subscriber,
            channel: `cloud-seat:switch:${config.switch.domain}`,
            logger,
          }),
        };
      }
      freeswitch = await FreeswitchSwitch.start({
        sharing,
        ctx,
        servers: config.switch.servers,
        domain: config.switch.domain,
        fsRecordingsDir: config.switch.fsRecordingsDir,
        waitingPrompt: config.switch.waitingPrompt,
        seatCredentialTtlMs: config.staffSessionMs,
        hotline: {
          promptsDir: config.switch.promptsDir,
          announceEverySeconds: config.switch.hotlineAnnounceSeconds,
        },
      });
      ctx.calls = freeswitch;
    }
    const app = createHttpApp({
      calls: calls ?? freeswitch,
      freeswitch,
      ctx,
      sessions,
      config,
      blobs,
      health: async () => {
        await db.sequelize.query('SELECT 1');
        return {
          role: config.role,
          db: db.kind,
          realtime: redis ? 'redis-streams' : 'in-memory',
          storage: blobs.kind,
        };
      },
    });
    httpServer.on('request', app);
    io.attach(httpServer); // after the app: see createRealtimeServer
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
  }

  const reminderChannels = config.wechat
    ? [
        new WeChatSubscribeMessageChannel({
          appId: config.wechat.appId,
          appSecret: config.wechat.appSecret,
          templateId: config.wechat.reminderTemplateId,
          openIdOf: async (citizenId) => (await Citizen.findByPk(citizenId))?.wechatOpenid ?? null,
          logger,
        }),
      ]
    : [];
  const sweeper = config.role !== 'web' ? startSweeper(ctx, sessions, config.sweepIntervalMs, reminderChannels) : null;

  return {
    config,
    logger,
    db,
    ctx,
    sessions,
    url,
    sweeper,
    calls,
    freeswitch,
    async stop() {
      await sweeper?.stop();
      await calls?.close();
      await freeswitch?.close();
      realtime.stopHeartbeat();
      // io.close() also closes the HTTP server; a worker's io was never attached to one.
      if (httpServer) await io.close();
      else await io.of('/').adapter.close();
      if (httpServer?.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const client of redisClients) client.disconnect();
      await db.close();
      blobs?.close?.();
    },
  };
}
