import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const base = {
  DRACHTIO_SECRET: 'cymru',
  SIPFRONT_FREESWITCH_TARGETS: '10.0.0.5:5080, 10.0.0.6',
  SIPFRONT_TRUNK_CIDRS: '10.20.30.0/28',
  RTPENGINE_NG: '127.0.0.1:22222',
};

describe('loadConfig', () => {
  it('reads the settings with their defaults', () => {
    expect(loadConfig(base)).toEqual({
      drachtio: { host: '127.0.0.1', port: 9022, secret: 'cymru' },
      freeswitchTargets: [
        { host: '10.0.0.5', port: 5080 },
        { host: '10.0.0.6', port: 5080 },
      ],
      trunkCidrs: ['10.20.30.0/28'],
      rtpengineNg: { host: '127.0.0.1', port: 22222 },
      rtpengineInterfaces: null,
      health: { intervalMs: 10_000, timeoutMs: 2_000 },
      registration: null,
    });
  });

  it('reads rtpengine interface names for the carrier and FreeSWITCH sides', () => {
    expect(loadConfig({ ...base, SIPFRONT_RTPENGINE_INTERFACES: 'public, private' }).rtpengineInterfaces).toEqual({
      carrier: 'public',
      freeswitch: 'private',
    });
    expect(() => loadConfig({ ...base, SIPFRONT_RTPENGINE_INTERFACES: 'public' })).toThrow(
      /SIPFRONT_RTPENGINE_INTERFACES: two rtpengine interface names/,
    );
  });

  it('reads the registration trunk, the domain defaulting to the proxy host', () => {
    const config = loadConfig({
      ...base,
      SIPFRONT_TRUNK_REGISTER_PROXY: 'sip.carrier.example.cn',
      SIPFRONT_TRUNK_USERNAME: '04778388000',
      SIPFRONT_TRUNK_PASSWORD: 's3cret',
      SIPFRONT_TRUNK_EXPIRES: '600',
    });
    expect(config.registration).toEqual({
      proxy: { host: 'sip.carrier.example.cn', port: 5060 },
      domain: 'sip.carrier.example.cn',
      username: '04778388000',
      password: 's3cret',
      expires: 600,
      contactHost: null,
    });
    const behindNat = loadConfig({
      ...base,
      SIPFRONT_TRUNK_REGISTER_PROXY: 'sip.carrier.example.cn',
      SIPFRONT_TRUNK_USERNAME: 'u',
      SIPFRONT_TRUNK_PASSWORD: 'p',
      SIPFRONT_CONTACT_HOST: '203.0.113.20',
    });
    expect(behindNat.registration?.contactHost).toBe('203.0.113.20:5060');
  });

  it('takes empty settings as unset', () => {
    const config = loadConfig({
      ...base,
      SIPFRONT_TRUNK_REGISTER_PROXY: '',
      SIPFRONT_CONTACT_HOST: '',
      DRACHTIO_HOST: '',
    });
    expect(config.registration).toBeNull();
    expect(config.drachtio.host).toBe('127.0.0.1');
  });

  it('names every bad setting at once', () => {
    expect(() =>
      loadConfig({
        SIPFRONT_FREESWITCH_TARGETS: ' , ',
        SIPFRONT_TRUNK_CIDRS: '10.0.0.0/40',
        RTPENGINE_NG: 'nowhere',
        SIPFRONT_TRUNK_REGISTER_PROXY: 'sip.carrier.example.cn',
      }),
    ).toThrow(
      /DRACHTIO_SECRET[\s\S]*SIPFRONT_FREESWITCH_TARGETS[\s\S]*SIPFRONT_TRUNK_CIDRS[\s\S]*RTPENGINE_NG[\s\S]*USERNAME and SIPFRONT_TRUNK_PASSWORD/,
    );
  });
});
