/**
 * Every setting, validated once with zod. Nothing else in the engine reads process.env.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const engineRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(engineRoot, '..');

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** web: HTTP + realtime; worker: jobs; all: both in one process (the embedded default). */
  ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public origin used for the printed URLs and the Origin check of cookie requests. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL URL. Absent: the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Redis URL. Absent: socket.io's in-memory adapter (one process only). */
  REDIS_URL: z.string().startsWith('redis').optional(),
  DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  /** Seed demo regions, seats, accounts and matters at start (idempotent). */
  SEED_DEMO: booleanFromEnv.optional(),
  /** Run migrations at start. Production runs them as a release step instead. */
  MIGRATE_ON_START: booleanFromEnv.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the built agent-ui and miniapp H5 from these folders when they exist. */
  AGENT_UI_DIST: z.string().default(path.join(repoRoot, 'agent-ui', 'dist')),
  CITIZEN_H5_DIST: z.string().default(path.join(repoRoot, 'miniapp', 'dist', 'build', 'h5')),
  STAFF_SESSION_HOURS: z.coerce.number().min(1).max(72).default(12),
  CITIZEN_SESSION_DAYS: z.coerce.number().min(1).max(90).default(30),
  /** How long a resolved session is remembered in the process (0: ask the database every request). */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Set the Secure flag on cookies (behind HTTPS in production). */
  COOKIE_SECURE: booleanFromEnv.optional(),
  /** Seconds a seat has to accept an offered contact before it is offered to the next seat. */
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(20),
  /** Seconds before a contact is offered again to a seat that declined it or let it expire. */
  REOFFER_AFTER_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** 话后整理: seconds a seat pauses after its last contact ends (0: straight back to idle). */
  WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(0),
  /** Pause a seat (未接听) that lets an offer expire, until it switches back by hand. */
  NO_ANSWER_PAUSE: booleanFromEnv.default(true),
  /** Default seconds a 旗区 contact waits before 市本级 seats may take it (per queue: admin queues API). */
  OVERFLOW_AFTER_SECONDS: z.coerce.number().int().min(0).max(86400).default(120),
  /** Seconds a citizen waits for the seat they chose before being asked: keep waiting, another seat, or book. */
  CHOSEN_SEAT_WAIT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Seconds a seat's workbench may be gone (no live connection) before it goes offline and its contacts are re-queued. */
  SEAT_DISCONNECT_GRACE_SECONDS: z.coerce.number().int().min(5).max(86400).default(30),
  /** 在线预约: slot length in minutes (divides a day) and minutes after a slot's end before it counts as given up. */
  SLOT_MINUTES: z.coerce.number().int().min(5).max(120).default(15),
  APPOINTMENT_GRACE_MINUTES: z.coerce.number().int().min(0).max(120).default(5),
  /** WeChat mini-program credentials and the reminder template: appointment reminders also go out as 订阅消息. */
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_REMINDER_TEMPLATE_ID: z.string().min(1).optional(),
  /** Where attachments are stored (local disk blob store); shared storage when several web nodes run. */
  ATTACHMENTS_DIR: z.string().optional(),
  /** Attachment store: `local` (ATTACHMENTS_DIR) or `s3`, any S3-compatible service (the S3_* settings). */
  STORAGE: z.enum(['local', 's3']).default('local'),
  /** The service URL for MinIO, Aliyun OSS, Tencent COS…; absent for AWS S3 itself. */
  S3_ENDPOINT: z.url().optional(),
  /** Required for AWS S3; with S3_ENDPOINT it defaults to us-east-1. */
  S3_REGION: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key): true for MinIO. */
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  /** Folder inside the bucket for this installation's objects, e.g. `cloud-seat`. */
  S3_PREFIX: z
    .string()
    .regex(
      /^\/*[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*\/*$/,
      'folder names of letters, digits and `_.-`, joined by `/`',
    )
    .optional(),
  /** How often the worker sweeps expired offers and undelivered queued contacts. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  /** 事项库平台: the matter list endpoint of the 一体化政务服务平台 (empty: sync off, file import only). */
  CATALOG_PLATFORM_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Its credential: a bearer token, or a whole header as `Name: value` (e.g. `X-App-Key: …`). */
  CATALOG_PLATFORM_TOKEN: z.string().min(1).optional(),
  /** A JSON file replacing the default field mapping (docs/catalog.md, "Sync and import"). */
  CATALOG_FIELD_MAP: z.string().min(1).optional(),
  /** Matters asked for per page of the platform. */
  CATALOG_PAGE_SIZE: z.coerce.number().int().min(10).max(1000).default(200),
  /**
   * The assistant front line (智能助手): `embedded` NLU (no network), a `rasa` server (RASA_URL),
   * or `off` (every new conversation queues for a seat at once). Per region on/off and hours: admin.
   */
  ASSISTANT: z.enum(['embedded', 'rasa', 'off']).default('embedded'),
  /** Rasa's address (its REST channel is POST {RASA_URL}/webhooks/rest/webhook); required with ASSISTANT=rasa. */
  RASA_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Rasa's --auth-token, sent as ?token=. */
  RASA_TOKEN: z.string().min(1).optional(),
  RASA_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** Minutes a conversation with the assistant may stay silent before it is ended. */
  ASSISTANT_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /**
   * The switch for audio/video calls (语音 / 视频): `embedded` (the engine's own SIP registrar,
   * B2BUA and werift media, docs/calls.md), `freeswitch` (FreeSWITCH controlled over its event
   * socket, engine/src/adapters/freeswitch/README.md) or `off` (no calls; the call routes answer 503).
   */
  SWITCH: z.enum(['embedded', 'freeswitch', 'off']).default('embedded'),
  /** The SIP domain of seats' and citizens' URIs (`sip:seat-ds001@<domain>`). */
  SIP_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'a host name')
    .default('cloud-seat.local'),
  /** Where the SIP UDP/TCP listeners bind (loopback: trunks and sipp on the same host). */
  SIP_HOST: z.string().default('127.0.0.1'),
  /** SIP over UDP/TCP (0: a port chosen by the OS). Browsers use the WebSocket at /sip on PORT. */
  SIP_UDP_PORT: z.coerce.number().int().min(0).max(65535).default(5060),
  SIP_TCP_PORT: z.coerce.number().int().min(0).max(65535).default(5060),
  /** Call recordings, one folder per conversation (default DATA_DIR/recordings). */
  RECORDINGS_DIR: z.string().optional(),
  /**
   * SWITCH=embedded: rtpengine's ng control socket (`host:port`, its --listen-ng) for phone legs
   * (plain RTP, G.711) to reach the WebRTC media server. Empty: no phone media.
   */
  RTPENGINE_NG: z
    .union([z.literal(''), z.string().regex(/^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port')])
    .default(''),
  /**
   * SWITCH=embedded: where the engine listens (UDP `host:port`) for the RFC 2833 keys rtpengine
   * sees (rtpengine's --dtmf-log-dest points here). Empty: hotline keys by SIP INFO only.
   */
  RTPENGINE_DTMF_LOG: z
    .union([z.literal(''), z.string().regex(/^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port')])
    .default(''),
  /**
   * SWITCH=embedded: addresses (IPs or CIDRs, comma separated) of SIP trunks whose INVITEs are
   * taken without digest — the phone network's calls to the hotline. Empty: no trunk.
   */
  SIP_TRUNK_ADDRESSES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/, 'an IP address or CIDR'))),
  /** The hotline's number: a trunk's INVITE to it walks the voice IVR (语音导航). */
  HOTLINE_NUMBER: z
    .string()
    .regex(/^[0-9+*#]+$/, 'a dialled number')
    .default('12345'),
  /** 排队播报: a hotline caller waiting in the queue hears their place every so many seconds (0: never). */
  HOTLINE_ANNOUNCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** The IVR's prompts (`npm run prompts -w ivr`: <id>.opus); default ivr/prompts beside the engine. */
  IVR_PROMPTS_DIR: z.string().optional(),
  /** SWITCH=freeswitch: FreeSWITCH's mod_event_socket (inbound; `host[:port]`, comma-separated for several) and its password. */
  FREESWITCH_ESL_HOST: z.string().min(1).default('127.0.0.1'),
  FREESWITCH_ESL_PORT: z.coerce.number().int().min(1).max(65535).default(8021),
  FREESWITCH_ESL_PASSWORD: z.string().min(1).optional(),
  /** The SIP domain of seats and citizens on FreeSWITCH (default SIP_DOMAIN). */
  FREESWITCH_SIP_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'a host name')
    .optional(),
  /** FreeSWITCH's WSS profile as softphones reach it (default wss://<PUBLIC_URL host>:7443). */
  FREESWITCH_WSS_URL: z.string().optional(),
  /**
   * Several FreeSWITCH (comma-separated FREESWITCH_ESL_HOST, FREESWITCH_WSS_URL in the same order):
   * where the other servers reach each one's external profile (`host:port`, same order), to ring a
   * seat whose softphone registered elsewhere. Not needed with one server.
   */
  FREESWITCH_INTERCONNECT: z.string().optional(),
  /** Where FreeSWITCH writes recordings, as FreeSWITCH sees the folder (the engine reads RECORDINGS_DIR). */
  FREESWITCH_RECORDINGS_DIR: z.string().min(1).default('/var/lib/freeswitch/recordings'),
  /** The waiting notice as FreeSWITCH plays it (a file on its host); hold music is its local_stream://moh. */
  FREESWITCH_WAITING_PROMPT: z.string().min(1).default('/usr/share/freeswitch/sounds/cloud-seat/waiting.wav'),
  /** The voice menu's prompts (`npm run prompts -w ivr`: <id>.wav) as FreeSWITCH sees the folder. */
  FREESWITCH_PROMPTS_DIR: z.string().min(1).default('/usr/share/freeswitch/sounds/cloud-seat/ivr'),
  /** The password FreeSWITCH's mod_xml_curl sends (HTTP basic, user `freeswitch`) for directory lookups. */
  FREESWITCH_XML_CURL_SECRET: z.string().min(16).optional(),
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const wechatKeys = [e.WECHAT_APP_ID, e.WECHAT_APP_SECRET, e.WECHAT_REMINDER_TEMPLATE_ID];
  if (wechatKeys.some(Boolean) && !wechatKeys.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_REMINDER_TEMPLATE_ID go together: set all three or none',
    );
  }
  if (e.ASSISTANT === 'rasa' && !e.RASA_URL) {
    throw new ConfigError('Invalid configuration:\n  RASA_URL: required with ASSISTANT=rasa (e.g. http://rasa:5005)');
  }
  const attachmentsDir = e.ATTACHMENTS_DIR ?? path.join(e.DATA_DIR, 'attachments');
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    role: e.ROLE,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX } as const)
      : ({ kind: 'embedded', dataDir: path.join(e.DATA_DIR, 'pglite'), poolMax: 5 } as const),
    redisUrl: e.REDIS_URL ?? null,
    attachmentsDir,
    storage: e.STORAGE === 's3' ? s3Storage(e) : ({ kind: 'local', dir: attachmentsDir } as const),
    seedDemo: e.SEED_DEMO ?? !production,
    migrateOnStart: e.MIGRATE_ON_START,
    logLevel: e.LOG_LEVEL,
    agentUiDist: e.AGENT_UI_DIST,
    citizenH5Dist: e.CITIZEN_H5_DIST,
    assetsDir: path.join(engineRoot, 'assets'),
    staffSessionMs: e.STAFF_SESSION_HOURS * 3600_000,
    citizenSessionMs: e.CITIZEN_SESSION_DAYS * 86400_000,
    sessionCacheMs: e.SESSION_CACHE_SECONDS * 1000,
    cookieSecure: e.COOKIE_SECURE ?? production,
    offerTimeoutMs: e.OFFER_TIMEOUT_SECONDS * 1000,
    reofferAfterMs: e.REOFFER_AFTER_SECONDS * 1000,
    wrapUpMs: e.WRAP_UP_SECONDS * 1000,
    pauseOnNoAnswer: e.NO_ANSWER_PAUSE,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    overflowAfterSeconds: e.OVERFLOW_AFTER_SECONDS,
    chosenSeatWaitMs: e.CHOSEN_SEAT_WAIT_SECONDS * 1000,
    seatDisconnectGraceMs: e.SEAT_DISCONNECT_GRACE_SECONDS * 1000,
    slotMinutes: e.SLOT_MINUTES,
    appointmentGraceMinutes: e.APPOINTMENT_GRACE_MINUTES,
    wechat:
      e.WECHAT_APP_ID && e.WECHAT_APP_SECRET && e.WECHAT_REMINDER_TEMPLATE_ID
        ? { appId: e.WECHAT_APP_ID, appSecret: e.WECHAT_APP_SECRET, reminderTemplateId: e.WECHAT_REMINDER_TEMPLATE_ID }
        : null,
    catalog: {
      platformUrl: e.CATALOG_PLATFORM_URL || null,
      platformToken: e.CATALOG_PLATFORM_TOKEN ?? null,
      fieldMapFile: e.CATALOG_FIELD_MAP ?? null,
      pageSize: e.CATALOG_PAGE_SIZE,
    },
    assistant:
      e.ASSISTANT === 'rasa'
        ? ({ kind: 'rasa', url: e.RASA_URL, token: e.RASA_TOKEN ?? null, timeoutMs: e.RASA_TIMEOUT_MS } as const)
        : ({ kind: e.ASSISTANT } as const),
    assistantIdleMs: e.ASSISTANT_IDLE_MINUTES * 60_000,
    switch:
      e.SWITCH === 'embedded'
        ? ({
            kind: 'embedded',
            domain: e.SIP_DOMAIN,
            host: e.SIP_HOST,
            udpPort: e.SIP_UDP_PORT,
            tcpPort: e.SIP_TCP_PORT,
            recordingsDir: e.RECORDINGS_DIR ?? path.join(e.DATA_DIR, 'recordings'),
            rtpengineNg: e.RTPENGINE_NG || null,
            rtpengineDtmfLog: e.RTPENGINE_DTMF_LOG || null,
            trunkAddresses: e.SIP_TRUNK_ADDRESSES,
            hotlineNumber: e.HOTLINE_NUMBER,
            hotlineAnnounceSeconds: e.HOTLINE_ANNOUNCE_SECONDS,
            ivrPromptsDir: e.IVR_PROMPTS_DIR ?? path.join(repoRoot, 'ivr', 'prompts'),
          } as const)
        : e.SWITCH === 'freeswitch'
          ? freeswitchSwitch(e)
          : ({ kind: 'off' } as const),
  };
}

function freeswitchSwitch(e: z.infer<typeof envSchema>) {
  const missing = [
    ['FREESWITCH_ESL_PASSWORD', e.FREESWITCH_ESL_PASSWORD, 'the event socket password of event_socket.conf.xml'],
    [
      'FREESWITCH_XML_CURL_SECRET',
      e.FREESWITCH_XML_CURL_SECRET,
      "the password of FreeSWITCH's mod_xml_curl directory lookups",
    ],
  ].filter(([, value]) => !value);
  if (missing.length > 0) {
    const lines = missing.map(([name, , what]) => `  ${name}: required with SWITCH=freeswitch (${what})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    kind: 'freeswitch',
    servers: freeswitchServers(e),
    domain: e.FREESWITCH_SIP_DOMAIN ?? e.SIP_DOMAIN,
    recordingsDir: e.RECORDINGS_DIR ?? path.join(e.DATA_DIR, 'recordings'),
    fsRecordingsDir: e.FREESWITCH_RECORDINGS_DIR,
    waitingPrompt: e.FREESWITCH_WAITING_PROMPT,
    promptsDir: e.FREESWITCH_PROMPTS_DIR,
    hotlineAnnounceSeconds: e.HOTLINE_ANNOUNCE_SECONDS,
    xmlCurlSecret: e.FREESWITCH_XML_CURL_SECRET!,
  } as const;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const HOST_PORT = /^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

/** The FreeSWITCH servers the engine drives: their event sockets, WSS URLs and interconnect addresses. */
function freeswitchServers(e: z.infer<typeof envSchema>) {
  const hosts = list(e.FREESWITCH_ESL_HOST);
  const wss = list(e.FREESWITCH_WSS_URL);
  const interconnect = list(e.FREESWITCH_INTERCONNECT);
  const problems: string[] = [];
  const several = hosts.length > 1;
  if (several && wss.length !== hosts.length) {
    problems.push(
      `  FREESWITCH_WSS_URL: one WSS URL per FreeSWITCH of FREESWITCH_ESL_HOST (${hosts.length}), same order`,
    );
  }
  if (several && interconnect.length !== hosts.length) {
    problems.push(
      `  FREESWITCH_INTERCONNECT: one host:port (its external profile) per FreeSWITCH of FREESWITCH_ESL_HOST (${hosts.length}), same order`,
    );
  }
  for (const url of wss) {
    if (!/^wss?:\/\/[^\s/]+/.test(url)) problems.push(`  FREESWITCH_WSS_URL: "${url}" is not a ws:// or wss:// URL`);
  }
  for (const address of [...hosts, ...interconnect]) {
    if (!HOST_PORT.test(address))
      problems.push(`  FREESWITCH_ESL_HOST / FREESWITCH_INTERCONNECT: "${address}" is not host[:port]`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const publicHost = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).hostname;
  return hosts.map((address, i) => {
    const [, host, port] = HOST_PORT.exec(address)!;
    return {
      esl: { host: host!, port: port ? Number(port) : e.FREESWITCH_ESL_PORT, password: e.FREESWITCH_ESL_PASSWORD! },
      wssUrl: wss[i] ?? `wss://${publicHost}:7443`,
      interconnect: several ? interconnect[i]! : null,
    };
  });
}

function s3Storage(e: z.infer<typeof envSchema>) {
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = e;
  const region = e.S3_REGION ?? (e.S3_ENDPOINT ? 'us-east-1' : undefined);
  const missing = Object.entries({
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: accessKeyId,
    S3_SECRET_ACCESS_KEY: secretAccessKey,
    S3_REGION: region,
  }).filter(([, value]) => !value);
  if (!bucket || !accessKeyId || !secretAccessKey || !region) {
    const lines = missing.map(([name]) =>
      name === 'S3_REGION'
        ? '  S3_REGION: required with STORAGE=s3 on AWS S3 (no S3_ENDPOINT)'
        : `  ${name}: required with STORAGE=s3`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    kind: 's3',
    bucket,
    region,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    accessKeyId,
    secretAccessKey,
    prefix: e.S3_PREFIX?.replace(/^\/+|\/+$/g, '') ?? '',
  } as const;
}
