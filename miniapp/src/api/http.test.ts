import { describe, expect, it } from 'vitest';
import { assetUrl } from './http';

describe('assetUrl', () => {
  it('makes engine paths absolute (uni <image> would resolve /assets/… inside the app)', () => {
    // H5 build: API_BASE is '' and the page origin is the engine's.
    expect(assetUrl('/assets/avatars/seat-1.svg')).toBe(`${location.origin}/assets/avatars/seat-1.svg`);
  });

  it('leaves absolute and protocol-relative URLs alone', () => {
    expect(assetUrl('https://img.example.gov.cn/a.png')).toBe('https://img.example.gov.cn/a.png');
    expect(assetUrl('//img.example.gov.cn/a.png')).toBe('//img.example.gov.cn/a.png');
  });
});
