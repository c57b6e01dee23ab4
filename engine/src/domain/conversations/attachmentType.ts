/**
 * What an uploaded file really is, from its first bytes (magic numbers), never from the name or
 * the Content-Type the client sent. Only an allowlist passes: images the browser can show safely
 * (PNG, JPEG, GIF, WebP) and documents citizens send to government service (PDF, Word, Excel,
 * PowerPoint — OOXML and the older OLE formats). SVG, HTML, scripts and executables never pass.
 * Pure.
 */
export type AttachmentKind = 'image' | 'file';

export interface DetectedType {
  kind: AttachmentKind;
  mime: string;
  /** The extension the stored file is served with (the citizen's own name is kept for display). */
  extension: string;
}

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

const OOXML: Record<string, DetectedType> = {
  docx: {
    kind: 'file',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  xlsx: { kind: 'file', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pptx: {
    kind: 'file',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
  },
};
const OLE: Record<string, DetectedType> = {
  doc: { kind: 'file', mime: 'application/msword', extension: 'doc' },
  xls: { kind: 'file', mime: 'application/vnd.ms-excel', extension: 'xls' },
  ppt: { kind: 'file', mime: 'application/vnd.ms-powerpoint', extension: 'ppt' },
};

/** The bytes needed to decide: the first 16. */
export const SNIFF_BYTES = 16;

/**
 * Detects the type from the first bytes. Office files are containers (ZIP, OLE) whose magic
 * does not say which application made them; there the name's extension picks among the
 * allowed ones — a ZIP named .docx is served as a Word document, and never as anything active.
 */
export function detectAttachmentType(head: Uint8Array, fileName: string): DetectedType | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', mime: 'image/png', extension: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', extension: 'jpg' };
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return { kind: 'image', mime: 'image/gif', extension: 'gif' };
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8))
    return { kind: 'image', mime: 'image/webp', extension: 'webp' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { kind: 'file', mime: 'application/pdf', extension: 'pdf' };
  const ext = extensionOf(fileName);
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return OOXML[ext] ?? null;
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE[ext] ?? null;
  return null;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** A name safe to show and to put in Content-Disposition: no paths, no control characters, ≤ 120 chars. */
export function cleanFileName(fileName: string, fallback: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return [...(clean || fallback)].slice(0, 120).join('');
}
