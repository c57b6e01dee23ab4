import { describe, expect, it, vi } from 'vitest';
import type { AttachmentView } from '@cloud-seat/contracts';
import { attachmentSource, formatBytes } from './attachments';

const attachment = (id: string): AttachmentView => ({
  id,
  kind: 'image',
  name: '照片.png',
  size: 2048,
  mime: 'image/png',
  url: `/api/attachments/${id}/k`,
});

describe('attachments', () => {
  it('downloads an attachment once and reuses the local copy', async () => {
    const download = vi.fn().mockResolvedValue('blob:local/1');
    expect(await attachmentSource(attachment('a1'), download)).toBe('blob:local/1');
    expect(await attachmentSource(attachment('a1'), download)).toBe('blob:local/1');
    expect(download).toHaveBeenCalledTimes(1);
    expect(download).toHaveBeenCalledWith('/api/attachments/a1/k');
  });

  it('tries a failed download again next time', async () => {
    const download = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('blob:local/2');
    await expect(attachmentSource(attachment('a2'), download)).rejects.toThrow('offline');
    await Promise.resolve();
    expect(await attachmentSource(attachment('a2'), download)).toBe('blob:local/2');
  });

  it('formats sizes', () => {
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
