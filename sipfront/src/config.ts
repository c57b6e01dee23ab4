/**
 * Every setting of the SIP front, validated once with zod; nothing else reads process.env.
 * Names and meanings: README.md beside src/.
 */
import { z } from 'zod';
import { formatHostPort, parseHostPort, type HostPort } from './domain/hostPort.js';
import { parseCidrList } from './domain/trunkAcl.js';

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const hostPort = (defaultPort?: number) =>
  z.string({ error: 'required: host:port' }).transform((value, ctx): HostPort => {
    try {
      return parseHostPort(value, defaultPort);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  DRACHTIO_HOST: z.string().min(1).default('127.0.0.1'),
  DRACHTIO_PORT: z.coerce.number().int().min(1).max(65535).default(9022),
  DRACHTIO_SECRET: z
    .string({ error: 'required: the secret drachtio-server was started with' })
    .min(1, 'required: the secret drachtio-server was started with'),
  SIPFRONT_FREESWITCH_TARGETS: z.string({ error: 'required: host:port, comma separated' }).transform((value, ctx) => {
    const items = list(value);
    if (items.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one host:port is required' });
      return z.NEVER;
    }
    try {
      return items.map((item) => parseHostPort(item, 5080));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  SIPFRONT_TRUNK_CIDRS: z.string({ error: "required: the carrier's addresses or CIDRs" }).transform((value, ctx) => {
    try {
      const cidrs = parseCidrList(value);
      if (cidrs.length === 0) throw new Error('at least one address or CIDR of the carrier is required');
      return cidrs;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  RTPENGINE_NG: hostPort(),
  /**
   * rtpengine's interface names for the two sides, `<carrier side>,<FreeSWITCH side>` (its
   * --interface=name/address): the carrier is offered the public address, FreeSWITCH the private
   * one. Absent: rtpengine's one interface for both.
   */
  SIPFRONT_RTPENGINE_INTERFACES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const names = value.split(',').map((n) => n.trim());
      if (names.length !== 2 || names.some((n) => !/^[A-Za-z0-9_.-]+$/.test(n))) {
        ctx.addIssue({ code: 'custom', message: 'two rtpengine interface names: <carrier side>,<FreeSWITCH side>' });
        return z.NEVER;
      }
      return { carrier: names[0]!, freeswitch: names[1]! };
    }),
  SIPFRONT_HEALTH_INTERVAL_MS: positiveInt(10_000),
  SIPFRONT_HEALTH_TIMEOUT_MS: positiveInt(2_000),
  SIPFRONT_TRUNK_REGISTER_PROXY: z.string().optional(),
  SIPFRONT_TRUNK_USERNAME: z.string().optional(),
  SIPFRONT_TRUNK_PASSWORD: z.string().optional(),
  SIPFRONT_TRUNK_DOMAIN: z.string().optional(),
  SIPFRONT_TRUNK_EXPIRES: positiveInt(3600),
  SIPFRONT_CONTACT_HOST: hostPort(5060).optional(),
});

/** Registration needs its credentials; checked on the raw environment so it is reported with the rest. */
function registrationIssues(env: NodeJS.ProcessEnv): string[] {
  if (!env.SIPFRONT_TRUNK_REGISTER_PROXY || (env.SIPFRONT_TRUNK_USERNAME && env.SIPFRONT_TRUNK_PASSWORD)) return [];
  return [
    '  SIPFRONT_TRUNK_REGISTER_PROXY: is set, so SIPFRONT_TRUNK_USERNAME and SIPFRONT_TRUNK_PASSWORD are required',
  ];
}

export interface TrunkRegistration {
  /** The carrier's registrar, where REGISTER is sent. */
  proxy: HostPort;
  /** The domain of the AOR (`sip:<username>@<domain>`); the proxy's host unless set. */
  domain: string;
  username: string;
  password: string;
  /** Expires asked for, in seconds; the carrier may grant less. */
  expires: number;
  /**
   * `host:port` of the registered Contact (where the carrier sends calls); null: the SIP address
   * drachtio-server reports when the app connects. Set it when drachtio is behind NAT.
   */
  contactHost: string | null;
}

export interface SipFrontConfig {
  drachtio: { host: string; port: number; secret: string };
  /** The FreeSWITCH external profiles calls go to, in order of preference. */
  freeswitchTargets: HostPort[];
  /** The carrier's signalling addresses (`10.20.30.0/28`, `203.0.113.7`): accepted without auth. */
  trunkCidrs: string[];
  rtpengineNg: HostPort;
  /** rtpengine interface names per side (null: its one interface for both). */
  rtpengineInterfaces: { carrier: string; freeswitch: string } | null;
  health: { intervalMs: number; timeoutMs: number };
  registration: TrunkRegistration | null;
}

/** Reads and validates the environment; throws one error naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SipFrontConfig {
  // Compose passes `NAME:` with nothing set as an empty string: the same as unset.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(given);
  const lines = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'env'}: ${issue.message}`)),
    ...registrationIssues(given),
  ];
  if (!parsed.success || lines.length > 0) {
    throw new Error(`sipfront: invalid configuration\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const proxy = e.SIPFRONT_TRUNK_REGISTER_PROXY ? parseHostPort(e.SIPFRONT_TRUNK_REGISTER_PROXY, 5060) : null;
  return {
    drachtio: { host: e.DRACHTIO_HOST, port: e.DRACHTIO_PORT, secret: e.DRACHTIO_SECRET },
    freeswitchTargets: e.SIPFRONT_FREESWITCH_TARGETS,
    trunkCidrs: e.SIPFRONT_TRUNK_CIDRS,
    rtpengineNg: e.RTPENGINE_NG,
    rtpengineInterfaces: e.SIPFRONT_RTPENGINE_INTERFACES,
    health: { intervalMs: e.SIPFRONT_HEALTH_INTERVAL_MS, timeoutMs: e.SIPFRONT_HEALTH_TIMEOUT_MS },
    registration: proxy
      ? {
          proxy,
          domain: e.SIPFRONT_TRUNK_DOMAIN || proxy.host,
          username: e.SIPFRONT_TRUNK_USERNAME ?? '',
          password: e.SIPFRONT_TRUNK_PASSWORD ?? '',
          expires: e.SIPFRONT_TRUNK_EXPIRES,
          contactHost: e.SIPFRONT_CONTACT_HOST ? formatHostPort(e.SIPFRONT_CONTACT_HOST) : null,
        }
      : null,
  };
}
