/**
 * Login sessions for staff (username + password) and citizens (guest identity for now), and
 * resolving a session token into a principal.
 */
import { randomUUID } from 'node:crypto';
import type { GuestRequest, MeView, StaffAccountView } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { LoginThrottle } from '../domain/auth/loginThrottle.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Account, AuthSession, Citizen, Role, Seat } from '../models/index.js';
import { presentSeat } from '../presenters/views.js';
import { UNUSABLE_PASSWORD_HASH, verifyPassword } from '../security/password.js';
import { hashToken, newSessionToken } from '../security/tokens.js';

export interface SessionSettings {
  staffSessionMs: number;
  citizenSessionMs: number;
  /**
   * How long this process remembers a resolved token (0: never). Every chat message is a request:
   * without it each one costs two more queries. Logout forgets at once here; another engine
   * process, a disabled account or a changed role catch up within this time.
   */
  cacheMs?: number;
}

const CACHE_MAX_ENTRIES = 50_000;

export class SessionService {
  private readonly throttle = new LoginThrottle();
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly settings: SessionSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async loginStaff(username: string, password: string, client: { ip: string; userAgent: string | null }) {
    const key = `${username.toLowerCase()}|${client.ip}`;
    const now = this.now();
    if (this.throttle.isBlocked(key, now.getTime())) throw errors.rateLimited();
    const account = await Account.findOne({ where: { username } });
    const ok = await verifyPassword(password, account?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    if (!account || !ok) {
      this.throttle.recordFailure(key, now.getTime());
      throw errors.invalidCredentials();
    }
    if (account.disabled) throw errors.accountDisabled();
    this.throttle.recordSuccess(key);
    const { token, hash } = newSessionToken();
    await AuthSession.create({
      tokenHash: hash,
      principalType: 'staff',
      principalId: account.id,
      expiresAt: new Date(now.getTime() + this.settings.staffSessionMs),
      userAgent: client.userAgent?.slice(0, 256) ?? null,
    });
    const principal = await this.loadStaff(account.id);
    if (!principal) throw errors.unauthenticated();
    return { token, expiresAt: new Date(now.getTime() + this.settings.staffSessionMs), me: await this.me(principal) };
  }

  async createGuest(request: GuestRequest, userAgent: string | null) {
    const citizen = await Citizen.create({
      id: randomUUID(),
      displayName: request.displayName ?? `访客${Math.floor(1000 + Math.random() * 9000)}`,
      identityType: request.identityType ?? 'personal',
      elderMode: request.elderMode ?? false,
    });
    const { token, hash } = newSessionToken();
    await AuthSession.create({
      tokenHash: hash,
      principalType: 'citizen',
      principalId: citizen.id,
      expiresAt: new Date(this.now().getTime() + this.settings.citizenSessionMs),
      userAgent: userAgent?.slice(0, 256) ?? null,
    });
    const principal: CitizenPrincipal = { kind: 'citizen', citizenId: citizen.id, displayName: citizen.displayName };
    return { token, me: await this.me(principal) };
  }

  /** The principal behind a token, or null when the token is unknown, expired or disabled. */
  async resolve(token: string): Promise<Principal | null> {
    if (!token || token.length > 128) return null;
    const key = hashToken(token);
    const now = this.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.principal;
    if (cached) this.cache.delete(key);
    const session = await AuthSession.findByPk(key);
    if (!session || session.expiresAt.getTime() <= now) return null;
    const principal: Principal | null =
      session.principalType === 'staff'
        ? await this.loadStaff(session.principalId)
        : await Citizen.findByPk(session.principalId).then((c) =>
            c ? { kind: 'citizen' as const, citizenId: c.id, displayName: c.displayName } : null,
          );
    const cacheMs = this.settings.cacheMs ?? 0;
    if (principal && cacheMs > 0) {
      if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { principal, until: Math.min(now + cacheMs, session.expiresAt.getTime()) });
    }
    return principal;
  }

  async logout(token: string): Promise<void> {
    const key = hashToken(token);
    this.cache.delete(key);
    await AuthSession.destroy({ where: { tokenHash: key } });
  }

  /** Forgets what this process remembers of a principal's sessions (e.g. after a profile change). */
  forget(predicate: (principal: Principal) => boolean): void {
    for (const [key, entry] of this.cache) if (predicate(entry.principal)) this.cache.delete(key);
  }

  async purgeExpired(): Promise<number> {
    return AuthSession.destroy({ where: { expiresAt: { [Op.lte]: this.now() } } });
  }

  async me(principal: Principal): Promise<MeView> {
    if (principal.kind === 'citizen') {
      const citizen = await Citizen.findByPk(principal.citizenId);
      if (!citizen) throw errors.unauthenticated();
      return {
        kind: 'citizen',
        citizen: {
          id: citizen.id,
          displayName: citizen.displayName,
          identityType: citizen.identityType,
          elderMode: citizen.elderMode,
        },
      };
    }
    const account = await Account.findByPk(principal.accountId, { include: [{ model: Seat, as: 'seat' }] });
    if (!account) throw errors.unauthenticated();
    const view: StaffAccountView = {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      role: principal.role as StaffAccountView['role'],
      regionCode: account.regionCode,
      dataScope: principal.dataScope,
      permissions: [...principal.permissions],
      seat: account.seat ? presentSeat(account.seat) : null,
    };
    return { kind: 'staff', account: view };
  }

  private async loadStaff(accountId: string): Promise<StaffPrincipal | null> {
    const account = await Account.findByPk(accountId, {
      include: [
        { model: Role, as: 'role' },
        { model: Seat, as: 'seat' },
      ],
    });
    if (!account || account.disabled || !account.role) return null;
    return {
      kind: 'staff',
      accountId: account.id,
      role: account.role.code,
      regionCode: account.regionCode,
      dataScope: account.role.dataScope,
      permissions: new Set(account.role.permissions),
      seatId: account.seat?.id ?? null,
      displayName: account.seat ? account.seat.name : account.displayName,
    };
  }
}
