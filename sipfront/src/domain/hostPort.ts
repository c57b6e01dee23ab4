/** `host:port` as the settings carry it (`10.0.0.5:5080`, `[fd00::5]:5080`, `fs1` with a default port). */
export interface HostPort {
  host: string;
  port: number;
}

export function parseHostPort(value: string, defaultPort?: number): HostPort {
  const text = value.trim();
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] !== undefined ? Number(match[3]) : defaultPort;
  if (!host || port === undefined || !(port > 0 && port < 65536)) {
    throw new Error(`expected host:port, got '${value}'`);
  }
  return { host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The SIP address from drachtio-server's hostport list (`udp/10.0.0.9:5060,tcp/10.0.0.9:5060`):
 * the first UDP one, else the first of any transport.
 */
export function sipAddressOf(hostports: string): string | null {
  const entries = hostports
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const pick = entries.find((entry) => entry.startsWith('udp/')) ?? entries[0];
  return pick ? pick.replace(/^[a-z]+\//, '') : null;
}
