/**
 * Test data with random ids and names. Nothing here depends on other tests' rows.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataScope } from '@cloud-seat/contracts';
import { MatterCatalog } from '../src/models/matterCatalog.js';
import { Account, Matter, Role, Seat } from '../src/models/index.js';
import { hashPassword } from '../src/security/password.js';

export const TEST_PASSWORD = 'Test@2026pass';
let cachedHash: Promise<string> | null = null;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export const uniq = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

export async function createStaff(
  options: { role?: 'seat' | 'supervisor' | 'admin'; regionCode?: string; disabled?: boolean } = {},
) {
  const username = uniq(options.role ?? 'staff');
  const account = await Account.create({
    id: randomUUID(),
    username,
    passwordHash: await passwordHash(),
    displayName: `测试${username.slice(-4)}`,
    roleCode: options.role ?? 'supervisor',
    regionCode: options.regionCode ?? '150600',
    disabled: options.disabled ?? false,
  });
  return { account, username, password: TEST_PASSWORD };
}

export async function createSeat(
  options: { regionCode?: string; capacity?: number; name?: string; category?: string; skills?: string[] } = {},
) {
  const { account, username, password } = await createStaff({
    role: 'seat',
    regionCode: options.regionCode ?? '150602',
  });
  const seat = await Seat.create({
    id: randomUUID(),
    accountId: account.id,
    regionCode: account.regionCode,
    jobNumber: uniq('T').toUpperCase(),
    name: options.name ?? `坐席${username.slice(-4)}`,
    photoUrl: null,
    category: options.category ?? '综合咨询',
    skills: options.skills ?? ['综合咨询'],
    chatCapacity: options.capacity ?? 3,
  });
  return { account, seat, username, password };
}

export async function createRole(permissions: string[], dataScope: DataScope) {
  return Role.create({ code: uniq('role'), name: '测试角色', permissions, dataScope });
}

/** A matter of one region (a random 基本编码 unless given), and the region's catalog marked changed. */
export async function createMatter(
  regionCode: string,
  fields: Partial<Omit<Matter['_creationAttributes'], 'id' | 'regionCode'>> & { name: string },
) {
  const basicCode = fields.basicCode ?? uniq('B').toUpperCase();
  const matter = await Matter.create({
    id: randomUUID(),
    regionCode,
    code: fields.code ?? `${regionCode}${basicCode}`,
    basicCode,
    category: '综合咨询',
    ...fields,
  });
  await MatterCatalog.bumpVersions(Matter.sequelize!, [regionCode]);
  return matter;
}
