import { describe, expect, it } from 'vitest';
import { startTestEngine } from '../test/testEngine.js';

describe('process roles', () => {
  it('web serves HTTP without running jobs; worker runs jobs without HTTP', async () => {
    const web = await startTestEngine({ role: 'web' });
    try {
      expect(web.sweeper).toBeNull();
      const health = await (await fetch(`${web.url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', role: 'web' });
    } finally {
      await web.stop();
    }
    const worker = await startTestEngine({ role: 'worker' });
    try {
      expect(worker.url).toBe('');
      expect(await worker.sweeper!.runOnce()).toEqual({
        expired: 0,
        resumed: 0,
        released: 0,
        waitChoices: 0,
        reminded: 0,
        givenUp: 0,
        assistantEnded: 0,
        offered: 0,
      });
    } finally {
      await worker.stop();
    }
  });
});
