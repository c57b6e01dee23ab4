import { describe, expect, it } from 'vitest';
import { beijingInstant } from './beijingTime.js';
import {
  buildReminder,
  buildReminderText,
  regionDisplayName,
  type Reminder,
  type ReminderChannel,
} from './reminders.js';

const at = (date: string, time: string) => beijingInstant(date, time);

describe('reminder text', () => {
  it('names the slot in Beijing time, the region and the give-up deadline', () => {
    const text = buildReminderText({
      regionCode: '150600',
      start: at('2026-03-10', '10:15'),
      end: at('2026-03-10', '10:30'),
    });
    expect(text).toBe('您预约的 10:15–10:30 鄂尔多斯市本级云坐席服务已开始，请于 10:35 前进入连线，超时将视为放弃。');
  });

  it('uses Beijing time even when the UTC date differs, and the grace it is given', () => {
    // 07:45 Beijing is 23:45 UTC the day before.
    const start = at('2026-03-10', '07:45');
    expect(start.getUTCHours()).toBe(23);
    const text = buildReminderText({ regionCode: '150602', start, end: at('2026-03-10', '08:00') }, 10);
    expect(text).toBe('您预约的 07:45–08:00 鄂尔多斯市东胜区云坐席服务已开始，请于 08:10 前进入连线，超时将视为放弃。');
  });

  it('names every region', () => {
    expect(regionDisplayName('150600')).toBe('鄂尔多斯市本级');
    expect(regionDisplayName('150627')).toBe('鄂尔多斯市伊金霍洛旗');
  });

  it('builds the reminder a channel sends', async () => {
    const appointment = {
      id: 'appt-1',
      citizenId: 'citizen-1',
      regionCode: '150603' as const,
      start: at('2026-03-10', '14:00'),
      end: at('2026-03-10', '14:15'),
    };
    const reminder = buildReminder(appointment);
    expect(reminder).toEqual({
      appointmentId: 'appt-1',
      citizenId: 'citizen-1',
      regionCode: '150603',
      start: appointment.start,
      end: appointment.end,
      text: '您预约的 14:00–14:15 鄂尔多斯市康巴什区云坐席服务已开始，请于 14:20 前进入连线，超时将视为放弃。',
    });
    // The port is small enough for a test double.
    const sent: Reminder[] = [];
    const channel: ReminderChannel = { name: 'memory', send: async (r) => void sent.push(r) };
    await channel.send(reminder);
    expect(sent).toEqual([reminder]);
  });
});
