import { describe, expect, it } from 'vitest';
import { formatTicketNumber } from './ticketNumber.js';

describe('formatTicketNumber', () => {
  it('uses the Beijing date and pads the serial', () => {
    expect(formatTicketNumber(new Date('2026-11-25T17:00:00Z'), 42)).toBe('GD20261126000042');
    expect(formatTicketNumber(new Date('2026-11-25T01:00:00Z'), 1234567)).toBe('GD202611251234567');
  });
});
