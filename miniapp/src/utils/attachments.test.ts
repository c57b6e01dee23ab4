import { describe, expect, it } from 'vitest';
import { formatBytes } from './attachments';

describe('formatBytes', () => {
  it('shows sizes citizens can read', () => {
    expect(formatBytes(70)).toBe('1 KB');
    expect(formatBytes(350 * 1024)).toBe('350 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
