/** The citizen profile beside the conversation: masked numbers, the audited reveal, and who may see it. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { AuditLog, Citizen, Ticket, TicketEvent } from '../../../models/index.js';

const PHONE = '15012341234';
const ID_NUMBER = '11010519491231002X';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

/** A citizen with a profile, served by a fresh seat of `regionCode`. */
async function served(regionCode: string) {
  const s = await createSeat({ regionCode });
  const seat = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await seat.put('/seat/state', { state: 'idle' })).status).toBe(200);
  const citizen = await new ApiClient(engine.url).asGuest({ identityType: 'legal' });
  const saved = await citizen.put('/citizen/profile', {
    displayName: '李经理',
    phone: PHONE,
    idNumber: ID_NUMBER.toLowerCase(),
    enterpriseName: '鄂尔多斯市云坐席科技有限公司',
    creditCode: '91350100M000100Y43',
  });
  expect(saved.status).toBe(200);
  const conversation = (await citizen.post('/conversations', { regionCode })).body;
  const [offer] = (await seat.get('/seat/offers')).body.offers as Array<{ id: string }>;
  expect((await seat.post(`/offers/${offer!.id}/accept`)).status).toBe(200);
  return { seat, citizen, citizenId: conversation.citizen.id as string, conversationId: conversation.id as string };
}

describe('citizen profile for staff', () => {
  it('shows the serving seat the profile with phone and ID number masked', async () => {
    const { seat, citizenId } = await served('150621');
    const res = await seat.get(`/citizens/${citizenId}/profile`);
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({
      displayName: '李经理',
      identityType: 'legal',
      phone: '150****1234',
      idNumber: '1101**********002X',
      enterpriseName: '鄂尔多斯市云坐席科技有限公司',
      creditCode: '91350100M000100Y43',
      serviceCount: 1,
    });
    expect(JSON.stringify(res.body)).not.toContain(PHONE);
    expect(JSON.stringify(res.body)).not.toContain(ID_NUMBER);
  });

  it('reveals a field only with a reason, and audits it on the log and the ticket', async () => {
    const { seat, citizenId, conversationId } = await served('150622');
    const noReason = await seat.post(`/citizens/${citizenId}/reveal`, { field: 'idNumber' });
    expect(noReason.status).toBe(400);
    expect((await seat.post(`/citizens/${citizenId}/reveal`, { field: 'password', reason: '核实身份' })).status).toBe(
      400,
    );
    expect(await AuditLog.count({ where: { targetId: citizenId } })).toBe(0);

    const shown = await seat.post(`/citizens/${citizenId}/reveal`, { field: 'idNumber', reason: '核实办事人身份' });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ field: 'idNumber', value: ID_NUMBER });
    const log = await AuditLog.findAll({ where: { targetId: citizenId } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'citizen.reveal', targetType: 'citizen' });
    expect(log[0]!.detail).toMatchObject({ field: 'idNumber', reason: '核实办事人身份', conversationId });
    const ticket = (await Ticket.findOne({ where: { conversationId } }))!;
    const event = await TicketEvent.findOne({ where: { ticketId: ticket.id, type: 'profile_revealed' } });
    expect(event!.data).toMatchObject({ field: 'idNumber', reason: '核实办事人身份' });
    expect(JSON.stringify(event!.data)).not.toContain(ID_NUMBER);
  });

  it('keeps the profile from staff outside the citizen’s services and scope', async () => {
    const { citizenId } = await served('150623');
    const other = await createSeat({ regionCode: '150623' });
    const otherSeat = await new ApiClient(engine.url).login(other.username, other.password);
    expect((await otherSeat.get(`/citizens/${citizenId}/profile`)).status).toBe(403);
    expect((await otherSeat.post(`/citizens/${citizenId}/reveal`, { field: 'phone', reason: '好奇' })).status).toBe(
      403,
    );

    const local = await createStaff({ role: 'supervisor', regionCode: '150623' });
    const supervisor = await new ApiClient(engine.url).login(local.username, local.password);
    expect((await supervisor.get(`/citizens/${citizenId}/profile`)).body.profile.phone).toBe('150****1234');
    const far = await createStaff({ role: 'supervisor', regionCode: '150624' });
    const farSupervisor = await new ApiClient(engine.url).login(far.username, far.password);
    const denied = await farSupervisor.get(`/citizens/${citizenId}/profile`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('OUT_OF_SCOPE');

    const citizen = await new ApiClient(engine.url).asGuest();
    expect((await citizen.get(`/citizens/${citizenId}/profile`)).status).toBe(403);
    expect((await supervisor.get(`/citizens/${randomUUID()}/profile`)).status).toBe(404);
    expect((await supervisor.get('/citizens/not-a-uuid/profile')).status).toBe(400);
    expect(await AuditLog.count({ where: { targetId: citizenId } })).toBe(0);
  });

  it('refuses a malformed profile with a Chinese message and keeps what was stored', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    expect((await citizen.put('/citizen/profile', { phone: PHONE })).status).toBe(200);
    const bad = await citizen.put('/citizen/profile', { phone: '1234', idNumber: '150602198001011234' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error)).toContain('手机号格式不正确');
    expect((await citizen.put('/citizen/profile', { kind: 'staff' })).status).toBe(400);
    const me = (await citizen.get('/auth/me')).body;
    const stored = await Citizen.findByPk(me.citizen?.id ?? me.id);
    expect(stored?.phone).toBe(PHONE);
  });
});
