/** Showing and opening chat attachments in H5 and the mini-program. */
import type { AttachmentView } from '@cloud-seat/contracts';
import { assetUrl } from '../api/http';

/** '1.2 MB', '350 KB'. Pure. */
export function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(size / 1024))} KB`;
}

export function previewImage(attachment: AttachmentView): void {
  const url = assetUrl(attachment.url);
  uni.previewImage({ urls: [url], current: url });
}

/** H5: the browser downloads it (served as an attachment). Mini-program: download, then open the document. */
export function openAttachment(attachment: AttachmentView): void {
  const url = assetUrl(attachment.url);
  // #ifdef H5
  window.open(url, '_blank', 'noopener');
  // #endif
  // #ifndef H5
  uni.downloadFile({
    url,
    success: (r) => {
      if (r.statusCode === 200) uni.openDocument({ filePath: r.tempFilePath, showMenu: true });
      else uni.showToast({ title: '文件打开失败', icon: 'none' });
    },
    fail: () => uni.showToast({ title: '文件下载失败，请检查网络', icon: 'none' }),
  });
  // #endif
}
