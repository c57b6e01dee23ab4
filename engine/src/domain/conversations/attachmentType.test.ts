import { describe, expect, it } from 'vitest';
import { cleanFileName, detectAttachmentType } from './attachmentType.js';

const bytes = (...b: number[]) => Uint8Array.from([...b, ...Array(16).fill(0)].slice(0, 16));
const text = (s: string) => new TextEncoder().encode(s.padEnd(16, ' '));

describe('detectAttachmentType', () => {
  it('recognizes the allowed images and documents by their first bytes', () => {
    expect(detectAttachmentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'a.png')?.mime).toBe(
      'image/png',
    );
    expect(detectAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe0), 'photo')?.mime).toBe('image/jpeg');
    expect(detectAttachmentType(text('GIF89a'), 'x.gif')?.kind).toBe('image');
    expect(detectAttachmentType(text('RIFF\0\0\0\0WEBPVP8 '), 'x.webp')?.mime).toBe('image/webp');
    expect(detectAttachmentType(text('%PDF-1.7'), '材料.pdf')).toMatchObject({ kind: 'file', mime: 'application/pdf' });
    expect(detectAttachmentType(bytes(0x50, 0x4b, 0x03, 0x04), '申请表.docx')?.extension).toBe('docx');
    expect(detectAttachmentType(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'old.xls')?.extension).toBe(
      'xls',
    );
  });

  it('refuses disguised and active content whatever its name', () => {
    expect(detectAttachmentType(text('MZ\x90\0'), 'photo.png')).toBeNull(); // an .exe renamed .png
    expect(detectAttachmentType(text('<svg xmlns="ht'), 'icon.svg')).toBeNull();
    expect(detectAttachmentType(text('<html><script>'), 'a.jpg')).toBeNull();
    expect(detectAttachmentType(text('#!/bin/sh\nrm -'), 'a.pdf')).toBeNull();
    expect(detectAttachmentType(bytes(0x50, 0x4b, 0x03, 0x04), 'archive.zip')).toBeNull(); // a ZIP is not a document
    expect(detectAttachmentType(bytes(0x50, 0x4b, 0x03, 0x04), 'page.html')).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('keeps the readable name and drops paths and characters that break headers', () => {
    expect(cleanFileName('C:\\Users\\王\\身份证 正面.jpg', 'x')).toBe('身份证 正面.jpg');
    expect(cleanFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(cleanFileName('a"b<c>\r\n.pdf', 'x')).toBe('abc.pdf');
    expect(cleanFileName('', '附件')).toBe('附件');
  });
});
