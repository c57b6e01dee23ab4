import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadConfig, repoRoot } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database and in-memory realtime', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('embedded');
    expect(c.redisUrl).toBeNull();
    expect(c.role).toBe('all');
    expect(c.seedDemo).toBe(true);
  });

  it('uses PostgreSQL and Redis when their URLs are set, and no demo data in production', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://h:6379', NODE_ENV: 'production' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(c.redisUrl).toBe('redis://h:6379');
    expect(c.seedDemo).toBe(false);
    expect(c.cookieSecure).toBe(true);
  });

  it('fails fast with every bad setting named', () => {
    expect(() => loadConfig({ PORT: 'eighty', ROLE: 'boss' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', ROLE: 'boss' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/ROLE/);
    }
  });

  it('takes the WeChat reminder settings all together or not at all', () => {
    expect(loadConfig({}).wechat).toBeNull();
    expect(
      loadConfig({ WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_REMINDER_TEMPLATE_ID: 't' }).wechat,
    ).toEqual({ appId: 'wx1', appSecret: 's', reminderTemplateId: 't' });
    expect(() => loadConfig({ WECHAT_APP_ID: 'wx1' })).toThrow(/set all three or none/);
  });

  it('stores attachments on the local disk by default, on S3 with every required S3 setting', () => {
    expect(loadConfig({ DATA_DIR: '/srv/cs' }).storage).toEqual({ kind: 'local', dir: '/srv/cs/attachments' });
    const minio = {
      STORAGE: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'cloud-seat',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: '/prod/attachments/',
    };
    expect(loadConfig(minio).storage).toEqual({
      kind: 's3',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'cloud-seat',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      prefix: 'prod/attachments',
    });
    expect(() => loadConfig({ ...minio, S3_BUCKET: undefined, S3_SECRET_ACCESS_KEY: undefined })).toThrow(
      'Invalid configuration:\n  S3_BUCKET: required with STORAGE=s3\n  S3_SECRET_ACCESS_KEY: required with STORAGE=s3',
    );
    expect(() => loadConfig({ ...minio, S3_ENDPOINT: undefined })).toThrow(
      /S3_REGION: required with STORAGE=s3 on AWS S3/,
    );
    expect(loadConfig({ ...minio, S3_ENDPOINT: undefined, S3_REGION: 'cn-north-1' }).storage).toMatchObject({
      region: 'cn-north-1',
      endpoint: undefined,
    });
    expect(() => loadConfig({ ...minio, S3_PREFIX: '../up' })).toThrow(/S3_PREFIX/);
    expect(() => loadConfig({ STORAGE: 'ftp' })).toThrow(/STORAGE/);
  });

  it('runs the embedded switch by default on loopback 5060, recordings in DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/srv/cs' }).switch).toEqual({
      kind: 'embedded',
      domain: 'cloud-seat.local',
      host: '127.0.0.1',
      udpPort: 5060,
      tcpPort: 5060,
      recordingsDir: '/srv/cs/recordings',
      rtpengineNg: null,
      rtpengineDtmfLog: null,
      trunkAddresses: [],
      hotlineNumber: '12345',
      hotlineAnnounceSeconds: 30,
      ivrPromptsDir: path.join(repoRoot, 'ivr', 'prompts'),
    });
    expect(loadConfig({ HOTLINE_ANNOUNCE_SECONDS: '0' }).switch).toMatchObject({ hotlineAnnounceSeconds: 0 });
    expect(() => loadConfig({ HOTLINE_ANNOUNCE_SECONDS: '-5' })).toThrow(/HOTLINE_ANNOUNCE_SECONDS/);
    expect(loadConfig({ SWITCH: 'off' }).switch).toEqual({ kind: 'off' });
    expect(loadConfig({ RTPENGINE_NG: 'rtpengine:22222' }).switch).toMatchObject({ rtpengineNg: 'rtpengine:22222' });
    expect(() => loadConfig({ RTPENGINE_NG: 'rtpengine' })).toThrow(/RTPENGINE_NG: host:port/);
    expect(
      loadConfig({ SIP_TRUNK_ADDRESSES: '10.0.0.0/8, 192.168.1.7', HOTLINE_NUMBER: '12345' }).switch,
    ).toMatchObject({ trunkAddresses: ['10.0.0.0/8', '192.168.1.7'] });
    expect(() => loadConfig({ SIP_TRUNK_ADDRESSES: 'trunk.example' })).toThrow(/SIP_TRUNK_ADDRESSES/);
    expect(loadConfig({ SIP_DOMAIN: 'gov.example', SIP_UDP_PORT: '0', RECORDINGS_DIR: '/rec' }).switch).toMatchObject({
      domain: 'gov.example',
      udpPort: 0,
      recordingsDir: '/rec',
    });
    expect(() => loadConfig({ SWITCH: 'asterisk' })).toThrow(/SWITCH/);
    expect(() => loadConfig({ SIP_DOMAIN: 'bad domain' })).toThrow(/SIP_DOMAIN/);
  });

  it('drives FreeSWITCH over its event socket with SWITCH=freeswitch, refusing to start without the passwords', () => {
    expect(() => loadConfig({ SWITCH: 'freeswitch' })).toThrow(
      /FREESWITCH_ESL_PASSWORD: required with SWITCH=freeswitch[\s\S]*FREESWITCH_XML_CURL_SECRET: required/,
    );
    const secrets = { FREESWITCH_ESL_PASSWORD: 'ClueCon', FREESWITCH_XML_CURL_SECRET: 'a-long-shared-secret' };
    expect(
      loadConfig({ SWITCH: 'freeswitch', DATA_DIR: '/srv/cs', PUBLIC_URL: 'https://zw.example.gov.cn', ...secrets })
        .switch,
    ).toEqual({
      kind: 'freeswitch',
      servers: [
        {
          esl: { host: '127.0.0.1', port: 8021, password: 'ClueCon' },
          wssUrl: 'wss://zw.example.gov.cn:7443',
          interconnect: null,
        },
      ],
      domain: 'cloud-seat.local',
      recordingsDir: '/srv/cs/recordings',
      fsRecordingsDir: '/var/lib/freeswitch/recordings',
      waitingPrompt: '/usr/share/freeswitch/sounds/cloud-seat/waiting.wav',
      promptsDir: '/usr/share/freeswitch/sounds/cloud-seat/ivr',
      hotlineAnnounceSeconds: 30,
      xmlCurlSecret: 'a-long-shared-secret',
    });
    expect(
      loadConfig({
        SWITCH: 'freeswitch',
        SIP_DOMAIN: 'gov.example',
        FREESWITCH_ESL_HOST: 'fs',
        FREESWITCH_ESL_PORT: '8022',
        FREESWITCH_WSS_URL: 'wss://fs.example.gov.cn:7443',
        ...secrets,
      }).switch,
    ).toMatchObject({
      servers: [{ esl: { host: 'fs', port: 8022 }, wssUrl: 'wss://fs.example.gov.cn:7443' }],
      domain: 'gov.example',
    });
    expect(() => loadConfig({ SWITCH: 'freeswitch', FREESWITCH_WSS_URL: 'http://fs', ...secrets })).toThrow(
      /FREESWITCH_WSS_URL/,
    );
    // a pool: one WSS URL and one interconnect address per server, in the same order
    const pool = {
      SWITCH: 'freeswitch',
      FREESWITCH_ESL_HOST: 'fs1, fs2:8022',
      FREESWITCH_WSS_URL: 'wss://fs1.example.gov.cn:7443,wss://fs2.example.gov.cn:7443',
      FREESWITCH_INTERCONNECT: '10.0.0.11:5080,10.0.0.12:5080',
      ...secrets,
    };
    expect(loadConfig(pool).switch).toMatchObject({
      servers: [
        { esl: { host: 'fs1', port: 8021 }, wssUrl: 'wss://fs1.example.gov.cn:7443', interconnect: '10.0.0.11:5080' },
        { esl: { host: 'fs2', port: 8022 }, wssUrl: 'wss://fs2.example.gov.cn:7443', interconnect: '10.0.0.12:5080' },
      ],
    });
    expect(() => loadConfig({ ...pool, FREESWITCH_WSS_URL: 'wss://fs1.example.gov.cn:7443' })).toThrow(
      /FREESWITCH_WSS_URL: one WSS URL per FreeSWITCH/,
    );
    expect(() => loadConfig({ ...pool, FREESWITCH_INTERCONNECT: undefined })).toThrow(/FREESWITCH_INTERCONNECT/);
    expect(() => loadConfig({ ...pool, FREESWITCH_ESL_HOST: 'fs1,fs 2' })).toThrow(/"fs 2" is not host\[:port\]/);
  });
});
