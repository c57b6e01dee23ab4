import { describe, expect, it } from 'vitest';
import { appointmentView } from '@cloud-seat/contracts/testing';
import { canCancel, canConnectNow } from './appointments';

describe('appointment actions', () => {
  const a = appointmentView({
    start: '2026-11-26T02:15:00.000Z',
    end: '2026-11-26T02:30:00.000Z',
    connectFrom: '2026-11-26T02:10:00.000Z',
    connectUntil: '2026-11-26T02:35:00.000Z',
  });

  it('offers 按预约连线 only inside the connect window of a live appointment', () => {
    expect(canConnectNow(a, new Date('2026-11-26T02:09:59Z'))).toBe(false);
    expect(canConnectNow(a, new Date('2026-11-26T02:10:00Z'))).toBe(true);
    expect(canConnectNow(a, new Date('2026-11-26T02:34:59Z'))).toBe(true);
    expect(canConnectNow(a, new Date('2026-11-26T02:35:00Z'))).toBe(false);
    expect(canConnectNow({ ...a, status: 'given_up' }, new Date('2026-11-26T02:20:00Z'))).toBe(false);
  });

  it('offers cancel until the slot ends', () => {
    expect(canCancel(a, new Date('2026-11-26T02:29:00Z'))).toBe(true);
    expect(canCancel(a, new Date('2026-11-26T02:30:00Z'))).toBe(false);
    expect(canCancel({ ...a, status: 'cancelled' }, new Date('2026-11-26T02:00:00Z'))).toBe(false);
  });
});
