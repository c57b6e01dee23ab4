/**
 * Who may send calls without authentication: the carrier's signalling addresses (IPv4/IPv6
 * addresses or CIDRs). Everything else is answered 403.
 */
import { BlockList, isIP } from 'node:net';

/** Splits and checks a comma-separated list of addresses and CIDRs; throws on a bad entry. */
export function parseCidrList(value: string): string[] {
  const entries = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const entry of entries) parseCidr(entry);
  return entries;
}

function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText] = entry.split('/');
  const version = isIP(address);
  if (version === 0) throw new Error(`'${entry}' is not an IP address or CIDR`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  ) {
    throw new Error(`'${entry}': the prefix length must be 0–${max}`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export class TrunkAcl {
  private readonly list = new BlockList();

  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const { address, prefix, family } = parseCidr(cidr);
      this.list.addSubnet(address, prefix, family);
    }
  }

  /** True when `address` (the packet's source, as drachtio reports it) is one of the carrier's. */
  allows(address: string): boolean {
    const version = isIP(address);
    if (version === 0) return false;
    return this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }
}
