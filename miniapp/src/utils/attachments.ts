/**
 * Showing and opening chat attachments in H5 and the mini-program. Attachments are served only to
 * the signed-in people of the conversation, so they are downloaded with the guest token (never
 * put in an <image src> directly) and kept by id for the page's life.
 */
import type { AttachmentView } from '@cloud-seat/contracts';
import { http } from '../api/http';

/** '1.2 MB', '350 KB'. Pure. */
export function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(size / 1024))} KB`;
}

const local = new Map<string, Promise<string>>();

/** A local path (temp file, or a blob: URL in H5) of the attachment's bytes; downloaded once. */
export function attachmentSource(
  attachment: AttachmentView,
  download = (path: string) => http.download(path),
): Promise<string> {
  let source = local.get(attachment.id);
  if (!source) {
    source = download(attachment.url);
    local.set(attachment.id, source);
    // A failed download may be tried again (e.g. after the network came back).
    source.catch(() => local.delete(attachment.id));
  }
  return source;
}

export async function previewImage(attachment: AttachmentView): Promise<void> {
  try {
    const path = await attachmentSource(attachment);
    uni.previewImage({ urls: [path], current: path });
  } catch {
    uni.showToast({ title: '图片加载失败，请检查网络', icon: 'none' });
  }
}

/** H5: saved by the browser under its name. Mini-program: opened with the document viewer. */
export async function openAttachment(attachment: AttachmentView): Promise<void> {
  let path: string;
  try {
    path = await attachmentSource(attachment);
  } catch {
    uni.showToast({ title: '文件下载失败，请检查网络', icon: 'none' });
    return;
  }
  // #ifdef H5
  const link = document.createElement('a');
  link.href = path;
  link.download = attachment.name;
  link.rel = 'noopener';
  link.click();
  // #endif
  // #ifndef H5
  uni.openDocument({ filePath: path, showMenu: true });
  // #endif
}
