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
}

export class SessionService {
  private readonly throttle = new LoginThrottle();

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
    const session = await AuthSession.findByPk(hashToken(token));
    if (!session || session.expiresAt.getTime() <= this.now().getTime()) return null;
    if (session.principalType === 'staff') return this.loadStaff(session.principalId);
    const citizen = await Citizen.findByPk(session.principalId);
    return citizen ? { kind: 'citizen', citizenId: citizen.id, displayName: citizen.displayName } : null;
  }

  async logout(token: string): Promise<void> {
    await AuthSession.destroy({ where: { tokenHash: hashToken(token) } });
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
