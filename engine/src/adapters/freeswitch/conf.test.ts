// The FreeSWITCH configuration in freeswitch/conf is the other half of the engine's FreeSWITCH
// driver (SWITCH=freeswitch): the event socket it connects to, the directory it answers, the
// variables the dialplan sets on the calls it parks. These tests read the files the way
// FreeSWITCH does — its line preprocessor (include, set, env-set, $${var}) assembles one
// document from freeswitch.xml — and check that every file is well-formed XML and that the
// settings the engine relies on are there. Removing one of them fails a test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

const confDir = fileURLToPath(new URL('../../../../freeswitch/conf/', import.meta.url));

/** What FreeSWITCH computes before reading vars.xml (values as in a container). */
const builtins: Record<string, string> = {
  local_ip_v4: '172.28.0.10',
  hostname: 'freeswitch',
  base_dir: '/usr',
  conf_dir: '/etc/freeswitch',
  certs_dir: '/var/lib/freeswitch/tls',
  recordings_dir: '/var/lib/freeswitch/recordings',
  sounds_dir: '/usr/share/freeswitch/sounds',
  log_dir: '/var/log/freeswitch',
};

interface Assembled {
  /** The document FreeSWITCH parses, after every include and variable. */
  xml: string;
  vars: Map<string, string>;
  /** Environment variable each global variable may be taken from (env-set). */
  envSet: Map<string, string>;
  /** Every file the preprocessor read (absolute paths). */
  files: Set<string>;
  /** $${name} references to variables that were not defined at that point. */
  undefinedVars: string[];
  /** Preprocessor commands or lines the preprocessor would drop (its rules in switch_xml.c). */
  problems: string[];
}

/**
 * FreeSWITCH's preprocessor (switch_xml.c `preprocess`), line by line: `$${name}` expanded first;
 * lines containing `<include>`, `</include>` or `<?` skipped; a line naming the preprocessor tag
 * is a command (set, env-set, include with a glob relative to the including file's folder) and
 * is not copied, even inside a comment.
 */
function assemble(env: Record<string, string> = {}): Assembled {
  const out: Assembled = {
    xml: '',
    vars: new Map(Object.entries(builtins)),
    envSet: new Map(),
    files: new Set(),
    undefinedVars: [],
    problems: [],
  };
  const expand = (line: string) =>
    line.replace(/\$\$\{([^}]+)\}/g, (_, name: string) => {
      if (!out.vars.has(name)) out.undefinedVars.push(name);
      return out.vars.get(name) ?? '';
    });
  const visit = (file: string, depth: number) => {
    out.files.add(file);
    const rel = path.relative(confDir, file);
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        const line = expand(raw);
        if (/<include>|<\/include>|<\?/.test(raw)) return;
        const at = line.search(/x-pre-process/i);
        if (at < 0) {
          out.xml += line + '\n';
          return;
        }
        if (line[at - 1] !== '<') {
          out.problems.push(`${rel}:${i + 1}: the preprocessor drops this line (names its tag)`);
          return;
        }
        const cmd = /cmd="([^"]*)"/.exec(line)?.[1];
        const data = /data="([^"]*)"/.exec(line)?.[1];
        if (!cmd || data === undefined || !/\/>\s*$/.test(line)) {
          out.problems.push(`${rel}:${i + 1}: a preprocessor command must be one self-closing line`);
          return;
        }
        const eq = data.indexOf('=');
        const name = data.slice(0, eq).trim();
        const value = data.slice(eq + 1).trim();
        if (cmd === 'set' && eq > 0) out.vars.set(name, value);
        else if (cmd === 'env-set' && eq > 0 && value.startsWith('$')) {
          out.envSet.set(name, value.slice(1));
          const fromEnv = env[value.slice(1)];
          if (fromEnv !== undefined) out.vars.set(name, fromEnv);
        } else if (cmd === 'include' && depth < 10) {
          const matched = glob(path.dirname(file), data);
          if (matched.length === 0) out.problems.push(`${rel}:${i + 1}: include ${data} matches no file`);
          for (const f of matched) visit(f, depth + 1);
        } else out.problems.push(`${rel}:${i + 1}: unknown or malformed command ${cmd} ${data}`);
      });
  };
  visit(path.join(confDir, 'freeswitch.xml'), 0);
  return out;
}

/** The globs this configuration uses: a literal folder, `*` only in the file name. */
function glob(cwd: string, pattern: string): string[] {
  const full = path.resolve(cwd, pattern);
  const dir = path.dirname(full);
  const re = new RegExp(
    `^${path
      .basename(full)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')}$`,
  );
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => re.test(n) && fs.statSync(path.join(dir, n)).isFile())
    .sort()
    .map((n) => path.join(dir, n));
}

function xmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return xmlFiles(p);
    return d.name.endsWith('.xml') ? [p] : [];
  });
}

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
}

function parse(xml: string): El {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    xml,
  ) as RawNode[];
  const root = toElements(nodes).find((e) => e.name === 'document');
  if (!root) throw new Error('no <document> root');
  return root;
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElements(nodes: RawNode[]): El[] {
  return nodes.flatMap((n) => {
    const name = Object.keys(n).find((k) => k !== ':@' && k !== '#text');
    if (!name) return [];
    return [{ name, attrs: n[':@'] ?? {}, children: toElements(n[name] as RawNode[]) }];
  });
}

const kids = (el: El, name: string) => el.children.filter((c) => c.name === name);
const all = (el: El, name: string): El[] => [...kids(el, name), ...el.children.flatMap((c) => all(c, name))];

function one(el: El, name: string, attr?: [string, string]): El {
  const found = all(el, name).filter((e) => !attr || e.attrs[attr[0]] === attr[1]);
  const [first] = found;
  if (found.length !== 1 || !first)
    throw new Error(`expected one <${name}${attr ? ` ${attr[0]}="${attr[1]}"` : ''}>, found ${found.length}`);
  return first;
}

function attr(el: El, name: string): string {
  const value = el.attrs[name];
  if (value === undefined) throw new Error(`<${el.name}> has no ${name}`);
  return value;
}

/** The values of `<param name=… value=…>` directly under `<settings>` (or the element itself). */
function params(el: El, name: string): string[] {
  const holders = [el, ...kids(el, 'settings')];
  return holders
    .flatMap((h) => kids(h, 'param'))
    .filter((p) => p.attrs.name === name)
    .map((p) => p.attrs.value ?? '');
}

/** A required param: present exactly once, not empty. */
function param(el: El, name: string): string {
  const values = params(el, name);
  if (values.length !== 1 || !values[0]) throw new Error(`required param ${name} missing (found ${values.length})`);
  return values[0];
}

const configuration = (doc: El, name: string) =>
  one(one(doc, 'section', ['name', 'configuration']), 'configuration', ['name', name]);
const profile = (doc: El, name: string) => one(configuration(doc, 'sofia.conf'), 'profile', ['name', name]);
const extension = (doc: El, context: string, name: string) =>
  one(one(one(doc, 'section', ['name', 'dialplan']), 'context', ['name', context]), 'extension', ['name', name]);
const actions = (ext: El) => all(ext, 'action').map((a) => `${a.attrs.application} ${a.attrs.data ?? ''}`.trim());

const env = {
  FREESWITCH_ESL_PASSWORD: 'esl-secret',
  FREESWITCH_XML_CURL_SECRET: 'curl-secret',
  FREESWITCH_ENGINE_URL: 'http://web:3000',
  FREESWITCH_SIP_DOMAIN: 'voice.ordos.gov.cn',
  FREESWITCH_HOTLINE_DID: '4778388000',
  FREESWITCH_TRUNK_REGISTER: 'true',
};
const defaults = assemble();
const fromEnv = assemble(env);
const doc = parse(defaults.xml);
const docEnv = parse(fromEnv.xml);

describe('freeswitch/conf files', () => {
  it.each(xmlFiles(confDir).map((f) => path.relative(confDir, f)))('%s is well-formed XML', (rel) => {
    const result = XMLValidator.validate(fs.readFileSync(path.join(confDir, rel), 'utf8'));
    expect(result === true ? 'ok' : `${result.err.msg} at line ${result.err.line}`).toBe('ok');
  });

  it('assembles like FreeSWITCH: every include resolves, every file is included, every variable is defined', () => {
    expect(defaults.problems).toEqual([]);
    expect(defaults.undefinedVars).toEqual([]);
    expect(xmlFiles(confDir).filter((f) => !defaults.files.has(f))).toEqual([]);
    expect(() => parse(defaults.xml)).not.toThrow();
  });

  it('takes secrets, addresses and the trunk from the environment (env-set)', () => {
    expect(Object.fromEntries(defaults.envSet)).toMatchObject({
      esl_password: 'FREESWITCH_ESL_PASSWORD',
      xml_curl_secret: 'FREESWITCH_XML_CURL_SECRET',
      engine_url: 'FREESWITCH_ENGINE_URL',
      domain: 'FREESWITCH_SIP_DOMAIN',
      external_ip: 'FREESWITCH_EXTERNAL_IP',
      esl_listen_ip: 'FREESWITCH_ESL_LISTEN_IP',
      trunk_proxy: 'FREESWITCH_TRUNK_PROXY',
      trunk_register: 'FREESWITCH_TRUNK_REGISTER',
      trunk_username: 'FREESWITCH_TRUNK_USERNAME',
      trunk_password: 'FREESWITCH_TRUNK_PASSWORD',
      hotline_did: 'FREESWITCH_HOTLINE_DID',
      rtp_start_port: 'FREESWITCH_RTP_START_PORT',
      rtp_end_port: 'FREESWITCH_RTP_END_PORT',
      pool_cidr: 'FREESWITCH_POOL_CIDR',
    });
  });
});

describe('the contract with the engine', () => {
  it('event_socket listens where the engine connects, with the password from the environment, behind an ACL', () => {
    const esl = configuration(docEnv, 'event_socket.conf');
    expect(param(esl, 'listen-ip')).toBe('127.0.0.1');
    expect(param(esl, 'listen-port')).toBe('8021');
    expect(param(esl, 'password')).toBe('esl-secret');
    const acl = param(esl, 'apply-inbound-acl');
    const list = one(configuration(docEnv, 'acl.conf'), 'list', ['name', acl]);
    expect(list.attrs.default).toBe('deny');
    // an unset variable never becomes an empty (or well-known) password
    expect(param(configuration(doc, 'event_socket.conf'), 'password')).not.toMatch(/^(|ClueCon)$/);
  });

  it('mod_xml_curl asks the engine for the directory only, with HTTP basic auth', () => {
    const binding = one(configuration(docEnv, 'xml_curl.conf'), 'binding');
    const url = kids(binding, 'param').find((p) => p.attrs.name === 'gateway-url');
    expect(url?.attrs).toMatchObject({ value: 'http://web:3000/api/freeswitch/directory', bindings: 'directory' });
    expect(param(binding, 'gateway-credentials')).toBe('freeswitch:curl-secret');
    expect(param(binding, 'auth-scheme')).toBe('basic');
    expect(param(binding, 'method')).toBe('POST');
    // the static directory has the domain and no users
    const domain = one(one(docEnv, 'section', ['name', 'directory']), 'domain');
    expect(domain.attrs.name).toBe('voice.ordos.gov.cn');
    expect(all(domain, 'user')).toEqual([]);
    expect(param(one(domain, 'params'), 'dial-string')).toContain('sofia_contact(webrtc/');
  });

  it('the WebRTC profile serves browsers: WSS with a certificate, ICE, codecs, DTMF, no 100rel', () => {
    const p = profile(docEnv, 'webrtc');
    expect(param(p, 'wss-binding')).toBe(':7443');
    expect(param(p, 'ws-binding')).toMatch(/^:\d+$/);
    expect(param(p, 'tls-cert-dir')).toBe(builtins.certs_dir);
    expect(params(p, 'apply-candidate-acl').length).toBeGreaterThan(0);
    expect(param(p, 'apply-nat-acl')).toBe('nat.auto');
    expect(param(p, 'ext-rtp-ip')).toBeTruthy();
    expect(param(p, 'rtp-timer-name')).toBe('soft');
    for (const prefs of ['inbound-codec-prefs', 'outbound-codec-prefs']) {
      expect(param(p, prefs).split(',')).toEqual(['OPUS', 'PCMA', 'PCMU', 'VP8']);
    }
    expect(param(p, 'liberal-dtmf')).toBe('true');
    expect(param(p, 'enable-100rel')).toBe('false');
    expect(param(p, 'auth-calls')).toBe('true');
    // an inbound ACL would let its addresses in without the engine's password
    expect(params(p, 'apply-inbound-acl')).toEqual([]);
    expect(param(p, 'context')).toBe('default');
    expect(one(p, 'domain').attrs.name).toBe('voice.ordos.gov.cn');
  });

  it('the external profile and gateway take the trunk, by address, into context public', () => {
    const p = profile(docEnv, 'external');
    expect(param(p, 'sip-port')).toBe('5080');
    expect(param(p, 'context')).toBe('public');
    expect(param(p, 'inbound-codec-prefs').split(',')[0]).toBe('PCMA');
    const acl = param(p, 'apply-inbound-acl');
    expect(one(configuration(docEnv, 'acl.conf'), 'list', ['name', acl]).attrs.default).toBe('deny');
    const gw = one(p, 'gateway', ['name', 'hotline']);
    for (const name of ['proxy', 'username', 'password']) expect(param(gw, name)).toBeTruthy();
    expect(param(gw, 'register')).toBe('true');
    expect(param(gw, 'extension')).toBe('4778388000');
  });

  it("parks a citizen's call-<conversation id> for the engine with the conversation, without answering", () => {
    const ext = extension(doc, 'default', 'cloud-seat-citizen-call');
    const condition = one(ext, 'condition');
    expect(condition.attrs.field).toBe('destination_number');
    const re = new RegExp(attr(condition, 'expression'));
    const id = '7d3c6a52-5f0e-4d0b-9a3e-1b2c3d4e5f60';
    expect(re.exec(`call-${id}`)?.[1]).toBe(id);
    expect(re.test('call-1234')).toBe(false);
    expect(re.test(`seat-ds001`)).toBe(false);
    const acts = actions(ext);
    expect(acts).toEqual(
      expect.arrayContaining([
        'set cloud_seat_kind=citizen',
        'set cloud_seat_conversation=$1',
        'set hangup_after_bridge=false',
      ]),
    );
    expect(acts.at(-1)).toBe('park');
    expect(acts.some((a) => a.startsWith('answer'))).toBe(false);
  });

  it('parks a call to the hotline number as a hotline call, without answering', () => {
    for (const [d, did] of [
      [doc, '12345'],
      [docEnv, '4778388000'],
    ] as const) {
      const ext = extension(d, 'public', 'cloud-seat-hotline');
      const re = new RegExp(attr(one(ext, 'condition'), 'expression'));
      expect(re.test(did)).toBe(true);
      expect(re.test(`+${did}`)).toBe(true);
      expect(re.test(`${did}9`)).toBe(false);
      const acts = actions(ext);
      expect(acts).toContain('set cloud_seat_kind=hotline');
      expect(acts.at(-1)).toBe('park');
      expect(acts.some((a) => a.startsWith('answer'))).toBe(false);
    }
  });

  it('lets only the other servers of the pool ring a seat registered here, carrying the call headers', () => {
    const pool = one(configuration(docEnv, 'acl.conf'), 'list', ['name', 'pool']);
    expect(pool.attrs.default).toBe('deny');
    expect(all(pool, 'node').map((n) => n.attrs.cidr)).toEqual([defaults.vars.get('pool_cidr')]);
    const ext = extension(doc, 'public', 'cloud-seat-interconnect');
    const [source, destination] = all(ext, 'condition');
    expect(attr(source!, 'field')).toBe('${acl(${network_addr} pool)}');
    const re = new RegExp(attr(destination!, 'expression'));
    expect(re.test('seat-ds001')).toBe(true);
    expect(re.test('call-0b9a')).toBe(false);
    expect(re.test('12345')).toBe(false);
    const bridge = actions(ext).find((a) => a.startsWith('bridge '))!;
    expect(bridge).toContain('sip_h_X-Conversation-Id=${sip_h_X-Conversation-Id}');
    expect(bridge).toMatch(/user\/\$1@cloud-seat\.local$/);
    // before the catch-all refusal
    const names = all(one(one(doc, 'section', ['name', 'dialplan']), 'context', ['name', 'public']), 'extension').map(
      (e) => e.attrs.name,
    );
    expect(names.indexOf('cloud-seat-interconnect')).toBeLessThan(names.indexOf('unknown-destination'));
  });

  it('recordings go under recordings_dir/cloud-seat', () => {
    expect(defaults.vars.get('cloud_seat_recordings')).toBe(`${builtins.recordings_dir}/cloud-seat`);
  });
});

describe('core limits and modules', () => {
  it('switch.conf has an RTP port range and session limits', () => {
    for (const d of [
      doc,
      parse(assemble({ FREESWITCH_RTP_START_PORT: '20000', FREESWITCH_RTP_END_PORT: '20999' }).xml),
    ]) {
      const s = configuration(d, 'switch.conf');
      const start = Number(param(s, 'rtp-start-port'));
      const end = Number(param(s, 'rtp-end-port'));
      expect(start).toBeGreaterThanOrEqual(1024);
      expect(end).toBeLessThanOrEqual(65535);
      expect(start).toBeLessThan(end);
      expect(Number(param(s, 'max-sessions'))).toBeGreaterThan(0);
      expect(Number(param(s, 'sessions-per-second'))).toBeGreaterThan(0);
    }
  });

  it('loads the modules the engine and the profiles need', () => {
    const loaded = all(configuration(doc, 'modules.conf'), 'load').map((l) => l.attrs.module);
    expect(loaded).toEqual(
      expect.arrayContaining([
        'mod_sofia',
        'mod_event_socket',
        'mod_xml_curl',
        'mod_dptools',
        'mod_commands',
        'mod_dialplan_xml',
        'mod_opus',
        'mod_sndfile',
        'mod_native_file',
        'mod_local_stream',
        'mod_tone_stream',
        'mod_console',
        'mod_logfile',
      ]),
    );
    expect(loaded.indexOf('mod_xml_curl')).toBeLessThan(loaded.indexOf('mod_sofia'));
    // hold music: local_stream://moh has a stream for each rate
    const moh = all(configuration(doc, 'local_stream.conf'), 'directory').map((d) => d.attrs.name);
    expect(moh).toEqual(expect.arrayContaining(['moh/8000', 'moh/16000', 'moh/48000']));
  });
});

describe('the checks themselves', () => {
  it('fail when a required param is removed', () => {
    const without = defaults.xml.replace(/<param name="wss-binding"[^>]*\/>/, '');
    expect(() => param(profile(parse(without), 'webrtc'), 'wss-binding')).toThrow(/wss-binding missing/);
    expect(() => parse(defaults.xml.replace('</section>', ''))).toThrow(/not well-formed/);
  });
});
