/**
 * A fake FreeSWITCH for tests: a TCP server speaking mod_event_socket's wire protocol (inbound
 * mode) and keeping a small model of channels, so the driver is tested over a real socket with
 * real frames — not against stubs of its own functions.
 *
 * Wire protocol as FreeSWITCH speaks it: `Content-Type: auth/request` on connect; `auth <pw>` →
 * `command/reply` `+OK accepted` / `-ERR invalid` (then the socket closes); `api <cmd>` →
 * `api/response` with a Content-Length body; `bgapi <cmd>` (optional `Job-UUID:` header) →
 * `command/reply` `+OK Job-UUID: <id>`, later a BACKGROUND_JOB event with the result as body;
 * `event json <names> [CUSTOM <subclasses>]` → `+OK event listener enabled json`; events as
 * `Content-Type: text/event-json` with a JSON body of headers. Events come from the JSON
 * fixtures in ../fixtures (scenario sequences and per-reaction shapes), with the common headers
 * FreeSWITCH adds to every event (Core-UUID, Event-Date-*, Channel-Name, Caller-*, variable_*).
 *
 * Reactions, as FreeSWITCH has them: uuid_answer → CHANNEL_ANSWER; uuid_broadcast playback →
 * PLAYBACK_START, and PLAYBACK_STOP after `playbackMs` for files (local_stream runs until
 * uuid_break); originate → CHANNEL_CREATE/OUTGOING/PROGRESS, then what the test says the phone
 * does (`answer` → CHANNEL_ANSWER, BACKGROUND_JOB `+OK <uuid>`, CHANNEL_PARK; `reject` →
 * hangup events, `-ERR <cause>`); an unregistered user → `-ERR USER_NOT_REGISTERED`;
 * uuid_bridge → CHANNEL_BRIDGE; uuid_transfer -both park → CHANNEL_UNBRIDGE + CHANNEL_PARK ×2;
 * uuid_record → RECORD_START (RECORD_STOP at hangup); uuid_kill → CHANNEL_HANGUP +
 * CHANNEL_HANGUP_COMPLETE.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

type Headers = Record<string, string>;
type Shapes = Record<string, Headers[]>;

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const SHAPES = fixture('channel-events') as unknown as Shapes;
const CORE_UUID = randomUUID();

export interface FakeChannel {
  uuid: string;
  direction: 'inbound' | 'outbound';
  /** Caller-Caller-ID-Number / Name, Caller-Destination-Number, Caller-Username. */
  cidNumber: string;
  cidName: string;
  destination: string;
  username: string;
  vars: Record<string, string>;
  answered: boolean;
  bridgedTo: string | null;
  playing: string | null;
  recordings: string[];
  /** bgapi originate waiting for the phone: its job. */
  job: { jobUuid: string; command: string; args: string } | null;
  createdAt: number;
}

type PhoneBehaviour = { kind: 'ring' } | { kind: 'answer'; afterMs: number } | { kind: 'reject'; cause: string };

interface Client {
  socket: net.Socket;
  authed: boolean;
  events: Set<string>;
  subclasses: Set<string>;
}

function fill(template: Headers, values: Record<string, string>): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(template))
    out[k] = v.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
  return out;
}

export class FakeFreeswitch {
  /** Every command received after auth, as sent (`api uuid_answer …`, `bgapi originate …`). */
  readonly commands: string[] = [];
  /** The same, with the time each was received (the benchmark's clock). */
  readonly log: { at: number; command: string }[] = [];
  /** Seat legs answered (their phone picked up): the conversation and when. */
  readonly answers: { conversationId: string; at: number }[] = [];
  readonly channels = new Map<string, FakeChannel>();
  /** Users registered on the WSS profile (`seat-ds001`). */
  readonly registered = new Set<string>();
  /** What a phone does when originate rings it (default: rings until told). */
  readonly phones = new Map<string, PhoneBehaviour>();
  playbackMs = 30;
  /** While true, event socket connections are dropped at once (FreeSWITCH down or restarting). */
  refuseConnections = false;
  /** Other servers of a pool, by the interconnect address the engine dials them at (host:port). */
  readonly peers = new Map<string, FakeFreeswitch>();
  private readonly clients = new Set<Client>();
  private readonly waiters: { pattern: RegExp; resolve: (command: string) => void }[] = [];
  private sequence = 1000;

  private constructor(
    private readonly server: net.Server,
    readonly password: string,
    readonly domain: string,
  ) {}

  static async start(options: { password?: string; domain?: string } = {}): Promise<FakeFreeswitch> {
    const server = net.createServer();
    const fake = new FakeFreeswitch(server, options.password ?? 'ClueCon', options.domain ?? 'cloud-seat.local');
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Authenticated connections now. */
  get connectionCount(): number {
    return [...this.clients].filter((c) => c.authed).length;
  }

  /** The first command received (or next to be) matching `pattern`. */
  waitForCommand(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const seen = this.commands.find((c) => pattern.test(c));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake FreeSWITCH: no command like ${pattern} in:\n${this.commands.join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({
        pattern,
        resolve: (command) => {
          clearTimeout(timer);
          resolve(command);
        },
      });
    });
  }

  /** Drops every event socket connection (FreeSWITCH restarting, a network cut). */
  dropConnections(): void {
    for (const client of this.clients) client.socket.destroy();
    this.clients.clear();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scenarios ---------------------------------------------------------------------------

  /** A citizen's WebRTC call parked for the engine (fixture webrtc-citizen-call). Returns its uuid. */
  citizenCall(options: { conversationId: string; user: string; name?: string }): string {
    const channel = this.newChannel({
      direction: 'inbound',
      cidNumber: options.user,
      cidName: options.name ?? options.user,
      destination: `call-${options.conversationId}`,
      username: options.user,
      vars: {
        sip_auth_username: options.user,
        user_name: options.user,
        domain_name: this.domain,
        sip_from_user: options.user,
        sip_to_user: `call-${options.conversationId}`,
        // set by the dialplan (dialplan/default.xml) before it parks
        cloud_seat_kind: 'citizen',
        cloud_seat_conversation: options.conversationId,
      },
    });
    this.playScenario('webrtc-citizen-call', channel, { conversationId: options.conversationId });
    return channel.uuid;
  }

  /** A phone call from the trunk to the hotline (fixture hotline-call). */
  hotlineCall(options: { caller: string; number?: string }): string {
    const channel = this.newChannel({
      direction: 'inbound',
      cidNumber: options.caller,
      cidName: options.caller,
      destination: options.number ?? '12345',
      username: options.caller,
      vars: { cloud_seat_kind: 'hotline', caller_id_number: options.caller },
    });
    this.playScenario('hotline-call', channel, {});
    return channel.uuid;
  }

  register(user: string): void {
    this.registered.add(user);
    this.emit(fill(SHAPES.register![0]!, { user, domain: this.domain }));
  }

  unregister(user: string): void {
    this.registered.delete(user);
    this.emit(fill(SHAPES.unregister![0]!, { user, domain: this.domain }));
  }

  /** The phone of a ringing originated leg answers: CHANNEL_ANSWER, then the job's `+OK`, then park. */
  answer(uuid: string): void {
    const channel = this.channels.get(uuid);
    if (!channel || channel.answered) return;
    channel.answered = true;
    if (channel.direction === 'outbound') {
      this.answers.push({ conversationId: channel.vars.cloud_seat_conversation ?? '', at: Date.now() });
    }
    this.react('answer', channel);
    if (channel.job) {
      this.backgroundJob(channel.job, `+OK ${uuid}\n`);
      channel.job = null;
      this.react('park', channel);
    }
  }

  /** The far end hangs up (a citizen's BYE, a seat declining: USER_BUSY / CALL_REJECTED). */
  hangup(uuid: string, cause = 'NORMAL_CLEARING'): void {
    const channel = this.channels.get(uuid);
    if (!channel) return;
    this.channels.delete(uuid);
    if (channel.bridgedTo) {
      const other = this.channels.get(channel.bridgedTo);
      if (other) {
        other.bridgedTo = null;
        this.react('unbridge', other, { a: other.uuid, b: channel.uuid });
      }
    }
    for (const file of channel.recordings) this.react('recordStop', channel, { file });
    this.react('hangup', channel, { cause });
    if (channel.job) this.backgroundJob(channel.job, `-ERR ${cause}\n`);
  }

  /** A DTMF key from a leg (RFC 2833 or SIP INFO, as FreeSWITCH reports both). */
  dtmf(uuid: string, digit: string): void {
    const channel = this.channels.get(uuid);
    if (channel) this.react('dtmf', channel, { digit });
  }

  /** The seat leg originated to `user@domain`, once it exists. */
  legOf(user: string): FakeChannel | undefined {
    return [...this.channels.values()].find((c) => c.direction === 'outbound' && c.username === user);
  }

  // ---- protocol ---------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    if (this.refuseConnections) {
      socket.destroy(); // FreeSWITCH down: the TCP connection does not last
      return;
    }
    const client: Client = { socket, authed: false, events: new Set(), subclasses: new Set() };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      buffer += data;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.onCommand(client, frame);
      }
    });
    this.write(socket, { 'Content-Type': 'auth/request' });
  }

  private write(socket: net.Socket, headers: Headers, body?: string): void {
    if (socket.destroyed) return;
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
    if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    socket.write(`${lines.join('\n')}\n\n${body ?? ''}`);
  }

  private reply(client: Client, text: string, extra: Headers = {}): void {
    this.write(client.socket, { 'Content-Type': 'command/reply', 'Reply-Text': text, ...extra });
  }

  private onCommand(client: Client, frame: string): void {
    const [line = '', ...headerLines] = frame.split('\n');
    const headers: Headers = {};
    for (const h of headerLines) {
      const i = h.indexOf(': ');
      if (i > 0) headers[h.slice(0, i)] = h.slice(i + 2);
    }
    if (!client.authed) {
      if (line === `auth ${this.password}`) {
        client.authed = true;
        this.reply(client, '+OK accepted');
      } else {
        this.reply(client, '-ERR invalid');
        client.socket.end();
      }
      return;
    }
    this.commands.push(line);
    this.log.push({ at: Date.now(), command: line });
    for (const waiter of [...this.waiters]) {
      if (waiter.pattern.test(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
    if (line.startsWith('event ')) {
      const [, format, ...names] = line.split(' ');
      if (format !== 'json') return this.reply(client, '-ERR only json in this fake');
      let custom = false;
      for (const name of names) {
        if (name === 'CUSTOM') custom = true;
        else if (custom && name.includes('::')) client.subclasses.add(name);
        else client.events.add(name);
      }
      if (custom) client.events.add('CUSTOM');
      return this.reply(client, '+OK event listener enabled json');
    }
    if (line.startsWith('api ')) {
      const body = this.api(line.slice(4));
      return this.write(client.socket, { 'Content-Type': 'api/response' }, body);
    }
    if (line.startsWith('bgapi ')) {
      const jobUuid = headers['Job-UUID'] ?? randomUUID();
      this.reply(client, `+OK Job-UUID: ${jobUuid}`, { 'Job-UUID': jobUuid });
      const command = line.slice(6);
      setImmediate(() => this.bgapi(jobUuid, command));
      return;
    }
    if (line === 'exit') {
      this.reply(client, '+OK bye');
      this.write(client.socket, { 'Content-Type': 'text/disconnect-notice' }, 'Disconnected, goodbye.\n');
      client.socket.end();
      return;
    }
    this.reply(client, '-ERR command not found');
  }

  private bgapi(jobUuid: string, command: string): void {
    const space = command.indexOf(' ');
    const [name, args] = space === -1 ? [command, ''] : [command.slice(0, space), command.slice(space + 1)];
    if (name === 'originate') return this.originate({ jobUuid, command: name, args });
    this.backgroundJob({ jobUuid, command: name, args }, this.api(command));
  }

  private backgroundJob(job: { jobUuid: string; command: string; args: string }, body: string): void {
    this.emit(
      {
        'Event-Name': 'BACKGROUND_JOB',
        'Event-Calling-File': 'mod_event_socket.c',
        'Event-Calling-Function': 'api_exec',
        'Job-UUID': job.jobUuid,
        'Job-Command': job.command,
        'Job-Command-Arg': job.args,
      },
      body,
    );
  }

  /** `originate {origination_uuid=…,k=v}user/<user>@<domain> &park()` */
  private originate(job: { jobUuid: string; command: string; args: string }): void {
    const m = /^\{([^}]*)\}(user|sofia\/external)\/([^@\s]+)@(\S+)\s+&park\(\)/.exec(job.args);
    if (!m) return this.backgroundJob(job, '-ERR INVALID_URL\n');
    const vars: Record<string, string> = {};
    for (const pair of m[1]!.split(',')) {
      const i = pair.indexOf('=');
      if (i > 0) vars[pair.slice(0, i)] = pair.slice(i + 1).replace(/^'|'$/g, '');
    }
    const user = m[3]!;
    // user/…: registered here; sofia/external/…@<interconnect>: the pool's server at that address,
    // whose public dialplan bridges to its registered user (modelled: its phone behaves as told)
    const home = m[2] === 'user' ? this : this.peers.get(m[4]!);
    if (!home) return this.backgroundJob(job, '-ERR NO_ROUTE_DESTINATION\n');
    if (!home.registered.has(user)) return this.backgroundJob(job, '-ERR USER_NOT_REGISTERED\n');
    const channel = this.newChannel({
      uuid: vars.origination_uuid,
      direction: 'outbound',
      cidNumber: vars.origination_caller_id_number ?? '0000000000',
      cidName: vars.origination_caller_id_name ?? 'FreeSWITCH',
      destination: user,
      username: user,
      vars,
    });
    channel.job = job;
    for (const shape of SHAPES.originate!) this.emitChannel(channel, shape);
    const phone = home.phones.get(user) ?? { kind: 'ring' };
    if (phone.kind === 'answer') setTimeout(() => this.answer(channel.uuid), phone.afterMs);
    if (phone.kind === 'reject') setTimeout(() => this.hangup(channel.uuid, phone.cause), 10);
  }

  private api(command: string): string {
    const [name = '', ...args] = command.split(' ');
    const channel = args[0] ? this.channels.get(args[0]) : undefined;
    const noChannel = '-ERR No such channel!\n';
    switch (name) {
      case 'show':
        if (args[0] === 'channels') return this.showChannels();
        if (args[0] === 'registrations') return this.showRegistrations();
        return '-ERR Unsupported\n';
      case 'uuid_answer':
        if (!channel) return noChannel;
        if (!channel.answered) {
          channel.answered = true;
          setImmediate(() => this.react('answer', channel));
        }
        return '+OK\n';
      case 'uuid_setvar':
        if (!channel) return noChannel;
        channel.vars[args[1]!] = args.slice(2).join(' ');
        return '+OK\n';
      case 'uuid_getvar':
        if (!channel) return noChannel;
        return channel.vars[args[1] ?? ''] ?? '_undef_';
      case 'uuid_broadcast': {
        if (!channel) return noChannel;
        const file = (args[1] ?? '').replace(/^playback::/, '');
        channel.playing = file;
        setImmediate(() => {
          this.react('playbackStart', channel, { file });
          if (!file.startsWith('local_stream://')) {
            setTimeout(() => {
              if (channel.playing !== file) return;
              channel.playing = null;
              this.react('playbackStop', channel, { file, status: 'done' });
            }, this.playbackMs);
          }
        });
        return '+OK Message sent\n';
      }
      case 'uuid_break': {
        if (!channel) return noChannel;
        const file = channel.playing;
        channel.playing = null;
        if (file) setImmediate(() => this.react('playbackStop', channel, { file, status: 'break' }));
        return '+OK\n';
      }
      case 'uuid_bridge': {
        const other = args[1] ? this.channels.get(args[1]) : undefined;
        if (!channel || !other) return '-ERR no such channel\n';
        channel.bridgedTo = other.uuid;
        other.bridgedTo = channel.uuid;
        setImmediate(() => this.react('bridge', channel, { a: channel.uuid, b: other.uuid }));
        return `+OK ${other.uuid}\n`;
      }
      case 'uuid_transfer': {
        if (!channel) return noChannel;
        const other = channel.bridgedTo ? this.channels.get(channel.bridgedTo) : undefined;
        channel.bridgedTo = null;
        if (other) other.bridgedTo = null;
        setImmediate(() => {
          if (other) this.react('unbridge', channel, { a: channel.uuid, b: other.uuid });
          this.react('park', channel);
          if (other && args[1] === '-both') this.react('park', other);
        });
        return '+OK\n';
      }
      case 'uuid_record': {
        if (!channel) return noChannel;
        const file = args.slice(2).join(' ');
        channel.recordings.push(file);
        setImmediate(() => this.react('recordStart', channel, { file }));
        return '+OK Success\n';
      }
      case 'uuid_kill':
        if (!channel) return noChannel;
        setImmediate(() => this.hangup(channel.uuid, args[1] ?? 'NORMAL_CLEARING'));
        return '+OK\n';
      case 'uuid_send_dtmf':
        return channel ? '+OK Success\n' : noChannel;
      case 'status':
        return 'UP 0 years, 0 days, 0 hours, 1 minute, 0 seconds\nFreeSWITCH (Version 1.10.12 fake) is ready\n';
      default:
        return `-ERR ${name} Command not found!\n`;
    }
  }

  /** `show channels as json`, with FreeSWITCH's column names; `{"row_count":0}` when none. */
  private showChannels(): string {
    const rows = [...this.channels.values()].map((c) => ({
      uuid: c.uuid,
      direction: c.direction,
      created: new Date(c.createdAt).toISOString().replace('T', ' ').slice(0, 19),
      created_epoch: String(Math.floor(c.createdAt / 1000)),
      name: this.channelName(c),
      state: 'CS_EXECUTE',
      cid_name: c.cidName,
      cid_num: c.cidNumber,
      ip_addr: '127.0.0.1',
      dest: c.destination,
      application: c.bridgedTo ? '' : 'park',
      application_data: '',
      dialplan: 'XML',
      context: 'public',
      read_codec: 'opus',
      read_rate: '48000',
      write_codec: 'opus',
      write_rate: '48000',
      secure: 'srtp:dtls:AES_CM_128_HMAC_SHA1_80',
      hostname: 'fake-freeswitch',
      presence_id: '',
      presence_data: '',
      accountcode: '',
      callstate: c.answered ? 'ACTIVE' : 'RINGING',
      callee_name: '',
      callee_num: '',
      callee_direction: '',
      call_uuid: c.bridgedTo ?? c.uuid,
    }));
    return JSON.stringify(rows.length ? { row_count: rows.length, rows } : { row_count: 0 });
  }

  private showRegistrations(): string {
    const rows = [...this.registered].map((user) => ({
      reg_user: user,
      realm: this.domain,
      token: randomUUID(),
      url: `sofia/webrtc/sip:${user}@df7jal23ls0d.invalid;transport=ws`,
      expires: String(Math.floor(Date.now() / 1000) + 600),
      network_ip: '127.0.0.1',
      network_port: '40000',
      network_proto: 'tcp',
      hostname: 'fake-freeswitch',
      metadata: '',
    }));
    return JSON.stringify(rows.length ? { row_count: rows.length, rows } : { row_count: 0 });
  }

  // ---- events ------------------------------------------------------------------------------

  private newChannel(
    c: Pick<FakeChannel, 'direction' | 'cidNumber' | 'cidName' | 'destination' | 'username' | 'vars'> & {
      uuid?: string;
    },
  ): FakeChannel {
    const channel: FakeChannel = {
      ...c,
      uuid: c.uuid ?? randomUUID(),
      answered: false,
      bridgedTo: null,
      playing: null,
      recordings: [],
      job: null,
      createdAt: Date.now(),
    };
    this.channels.set(channel.uuid, channel);
    return channel;
  }

  private playScenario(name: string, channel: FakeChannel, values: Record<string, string>): void {
    const events = fixture(name).events as Headers[];
    for (const shape of events) {
      const headers = fill(shape, values);
      // what the dialplan set (`set cloud_seat_kind=…`) stays on the channel
      for (const [k, v] of Object.entries(headers)) {
        if (k.startsWith('variable_cloud_seat_')) channel.vars[k.slice('variable_'.length)] = v;
      }
      this.emitChannel(channel, headers);
    }
  }

  private react(reaction: string, channel: FakeChannel, values: Record<string, string> = {}): void {
    for (const shape of SHAPES[reaction]!) this.emitChannel(channel, fill(shape, values));
  }

  /** `sofia/<profile>/…` as FreeSWITCH names them: browsers on the webrtc profile, the trunk on external. */
  private channelName(c: FakeChannel): string {
    if (c.vars.cloud_seat_kind === 'hotline') return `sofia/external/${c.cidNumber}@127.0.0.1`;
    return c.direction === 'inbound' ? `sofia/webrtc/${c.username}@${this.domain}` : `sofia/webrtc/${c.username}`;
  }

  private emitChannel(channel: FakeChannel, shape: Headers): void {
    const micros = String(channel.createdAt * 1000);
    const vars = Object.fromEntries(Object.entries(channel.vars).map(([k, v]) => [`variable_${k}`, v]));
    this.emit({
      'Channel-Name': this.channelName(channel),
      'Unique-ID': channel.uuid,
      'Call-Direction': channel.direction,
      'Presence-Call-Direction': channel.direction,
      'Channel-HIT-Dialplan': channel.direction === 'inbound' ? 'true' : 'false',
      'Channel-Call-UUID': channel.bridgedTo ?? channel.uuid,
      'Caller-Direction': channel.direction,
      'Caller-Logical-Direction': channel.direction,
      'Caller-Username': channel.username,
      'Caller-Dialplan': 'XML',
      'Caller-Caller-ID-Name': channel.cidName,
      'Caller-Caller-ID-Number': channel.cidNumber,
      'Caller-Orig-Caller-ID-Name': channel.cidName,
      'Caller-Orig-Caller-ID-Number': channel.cidNumber,
      'Caller-Network-Addr': '127.0.0.1',
      'Caller-ANI': channel.cidNumber,
      'Caller-Destination-Number': channel.destination,
      'Caller-Unique-ID': channel.uuid,
      'Caller-Source': 'mod_sofia',
      'Caller-Context': channel.direction === 'inbound' ? 'public' : 'default',
      'Caller-Channel-Name': this.channelName(channel),
      'Caller-Profile-Index': '1',
      'Caller-Profile-Created-Time': micros,
      'Caller-Channel-Created-Time': micros,
      'Caller-Channel-Answered-Time': channel.answered ? micros : '0',
      'Caller-Channel-Hangup-Time': '0',
      variable_direction: channel.direction,
      variable_uuid: channel.uuid,
      variable_call_uuid: channel.uuid,
      ...vars,
      ...shape,
    });
  }

  private emit(headers: Headers, body?: string): void {
    const now = new Date();
    const event: Headers & { _body?: string } = {
      'Event-Name': headers['Event-Name'] ?? 'CUSTOM',
      'Core-UUID': CORE_UUID,
      'FreeSWITCH-Hostname': 'fake-freeswitch',
      'FreeSWITCH-Switchname': 'fake-freeswitch',
      'FreeSWITCH-IPv4': '127.0.0.1',
      'FreeSWITCH-IPv6': '::1',
      'Event-Date-Local': now.toISOString().replace('T', ' ').slice(0, 19),
      'Event-Date-GMT': now.toUTCString(),
      'Event-Date-Timestamp': String(now.getTime() * 1000),
      'Event-Sequence': String(++this.sequence),
      ...headers,
    };
    if (body !== undefined) {
      event['Content-Length'] = String(Buffer.byteLength(body));
      event._body = body;
    }
    const json = JSON.stringify(event);
    for (const client of this.clients) {
      if (!client.authed) continue;
      const name = event['Event-Name'] ?? '';
      const wanted =
        client.events.has('ALL') ||
        client.events.has('all') ||
        (name === 'CUSTOM' ? client.subclasses.has(event['Event-Subclass'] ?? '') : client.events.has(name));
      if (wanted) this.write(client.socket, { 'Content-Type': 'text/event-json' }, json);
    }
  }
}
