/**
 * What the engines driving a switch must agree on: the softphones' short-lived SIP passwords
 * (FreeSWITCH asks any engine for them, mod_xml_curl), the citizens' one-call grants, and who
 * takes a parked channel. In memory for one engine (the embedded switch, or one engine driving
 * FreeSWITCH); in Redis when several engines drive the same FreeSWITCH pool (REDIS_URL set).
 */
import type { CallMedia } from '@cloud-seat/contracts';
import { z } from 'zod';
import { IssuedSipCredentials, newSipPassword, type SipCredentials } from '../sip/digest.js';
import type { Redis } from '../redis/redis.js';

export const citizenCallGrantSchema = z.object({
  conversationId: z.string(),
  citizenId: z.string(),
  media: z.enum(['audio', 'video']),
  issuedAt: z.number(),
});
export interface CitizenCallGrant {
  conversationId: string;
  citizenId: string;
  media: CallMedia;
  issuedAt: number;
}

export interface SwitchSharedState extends SipCredentials {
  /** A fresh random password for `user`, valid `ttlMs`; replaces the previous one. */
  issuePassword(user: string, ttlMs: number): Promise<string>;
  putGrant(user: string, grant: CitizenCallGrant, ttlMs: number): Promise<void>;
  grant(user: string): Promise<CitizenCallGrant | null>;
  /** Uses the grant up: true for exactly one caller, however many engines ask at once. */
  takeGrant(user: string): Promise<boolean>;
  /** The first to claim `key` gets true (one engine takes a parked channel); held `ttlMs`. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets expired entries (the Redis state expires them itself). */
  sweep(): void;
}

export class MemorySwitchState implements SwitchSharedState {
  private readonly passwords: IssuedSipCredentials;
  private readonly grants = new Map<string, { grant: CitizenCallGrant; expiresAt: number }>();
  private readonly claims = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    this.passwords = new IssuedSipCredentials(now);
  }

  async issuePassword(user: string, ttlMs: number): Promise<string> {
    return this.passwords.issue(user, ttlMs);
  }

  lookup(user: string): Promise<{ password: string } | null> {
    return this.passwords.lookup(user);
  }

  async putGrant(user: string, grant: CitizenCallGrant, ttlMs: number): Promise<void> {
    this.grants.set(user, { grant, expiresAt: this.now() + ttlMs });
  }

  async grant(user: string): Promise<CitizenCallGrant | null> {
    return live(this.grants, user, this.now())?.grant ?? null;
  }

  async takeGrant(user: string): Promise<boolean> {
    return this.grants.delete(user);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.claims.get(key);
    if (until !== undefined && until > this.now()) return false;
    this.claims.set(key, this.now() + ttlMs);
    return true;
  }

  sweep(): void {
    const now = this.now();
    this.passwords.sweep();
    for (const [key, entry] of this.grants) if (entry.expiresAt <= now) this.grants.delete(key);
    for (const [key, until] of this.claims) if (until <= now) this.claims.delete(key);
  }
}

function live<T extends { expiresAt: number }>(map: Map<string, T>, key: string, now: number): T | null {
  const entry = map.get(key);
  if (!entry) return null;
  if (entry.expiresAt <= now) {
    map.delete(key);
    return null;
  }
  return entry;
}

/**
 * The same in Redis, under `cloud-seat:switch:<SIP domain>:` — passwords and grants as keys with
 * their expiry (PX), claims as SET NX PX, a grant used up by DEL (1 for exactly one caller).
 */
export class RedisSwitchState implements SwitchSharedState {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    domain: string,
  ) {
    this.prefix = `cloud-seat:switch:${domain}:`;
  }

  async issuePassword(user: string, ttlMs: number): Promise<string> {
    const password = newSipPassword();
    await this.redis.set(`${this.prefix}password:${user}`, password, 'PX', ttlMs);
    return password;
  }

  async lookup(user: string): Promise<{ password: string } | null> {
    const password = await this.redis.get(`${this.prefix}password:${user}`);
    return password ? { password } : null;
  }

  async putGrant(user: string, grant: CitizenCallGrant, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}grant:${user}`, JSON.stringify(grant), 'PX', ttlMs);
  }

  async grant(user: string): Promise<CitizenCallGrant | null> {
    const raw = await this.redis.get(`${this.prefix}grant:${user}`);
    if (!raw) return null;
    try {
      const parsed = citizenCallGrantSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // not ours: no grant
    }
  }

  async takeGrant(user: string): Promise<boolean> {
    return (await this.redis.del(`${this.prefix}grant:${user}`)) === 1;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}claim:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  sweep(): void {}
}
