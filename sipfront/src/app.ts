/**
 * The SIP front, assembled: one drachtio-srf connection to drachtio-server, the carrier's calls
 * (INVITE, OPTIONS), the OPTIONS pings to FreeSWITCH and, for a registration trunk, the
 * registrar client. Everything outside is passed in; nothing here reads the environment.
 */
import Srf from 'drachtio-srf';
import { InboundCalls } from './adapters/inboundCalls.js';
import { HealthPinger } from './adapters/healthPinger.js';
import { MediaRelay } from './adapters/mediaRelay.js';
import { TrunkRegistrar } from './adapters/trunkRegistrar.js';
import type { SipFrontConfig } from './config.js';
import { sipAddressOf } from './domain/hostPort.js';
import { MediaServerPool } from './domain/mediaServerPool.js';
import { TrunkAcl } from './domain/trunkAcl.js';
import type { Logger } from './logger.js';

export interface SipFront {
  readonly srf: Srf;
  readonly pool: MediaServerPool;
  readonly calls: InboundCalls;
  readonly pinger: HealthPinger;
  readonly registrar: TrunkRegistrar | null;
  /** Connects to drachtio-server; resolves once authenticated (pings and registration start then). */
  start(): Promise<void>;
  stop(): void;
}

export function createSipFront(config: SipFrontConfig, logger: Logger): SipFront {
  const srf = new Srf();
  const pool = new MediaServerPool(config.freeswitchTargets);
  const relay = new MediaRelay(config.rtpengineNg, config.rtpengineInterfaces);
  const calls = new InboundCalls({ srf, acl: new TrunkAcl(config.trunkCidrs), pool, relay, logger });
  const pinger = new HealthPinger({ srf, pool, logger, ...config.health });
  let sipAddress = `${config.drachtio.host}:5060`;
  const registrar = config.registration
    ? new TrunkRegistrar({
        srf,
        registration: config.registration,
        logger,
        contactHost: () => config.registration?.contactHost ?? sipAddress,
      })
    : null;

  srf.invite((req, res) => void calls.invite(req, res));
  srf.use('options', (req, res) => calls.options(req, res));
  srf.on('error', (error: Error) => logger.warn({ error: error.message }, 'drachtio connection error'));

  const start = () =>
    new Promise<void>((resolve, reject) => {
      srf.on('connect', (error: Error | null, hostports: string) => {
        if (error) {
          logger.error({ error: error.message }, 'drachtio-server refused the connection (DRACHTIO_SECRET?)');
          reject(error);
          return;
        }
        sipAddress = sipAddressOf(hostports ?? '') ?? sipAddress;
        logger.info({ drachtio: `${config.drachtio.host}:${config.drachtio.port}`, sip: hostports }, 'connected');
        pinger.start();
        registrar?.start();
        resolve();
      });
      srf.connect({ host: config.drachtio.host, port: config.drachtio.port, secret: config.drachtio.secret });
    });

  const stop = () => {
    pinger.stop();
    registrar?.stop();
    relay.close();
    srf.disconnect();
  };

  return { srf, pool, calls, pinger, registrar, start, stop };
}
