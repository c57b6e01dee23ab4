/**
 * H5 only: native <video> elements for a call's streams (uni's <video> component cannot take a
 * MediaStream). Created once inside the panel's box and given the stream; audio plays through
 * the remote element too (hidden in audio calls).
 */
export function showStream(
  box: Element | null,
  testId: string,
  stream: MediaStream | null,
  options: { muted: boolean; style: string },
): void {
  if (!box) return;
  let video = box.querySelector<HTMLVideoElement>(`video[data-testid="${testId}"]`);
  if (!video) {
    video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('playsinline', '');
    video.setAttribute('data-testid', testId);
    box.appendChild(video);
  }
  video.muted = options.muted;
  video.setAttribute('style', options.style);
  if (video.srcObject !== stream) {
    video.srcObject = stream;
    if (stream) video.play().catch(() => undefined);
  }
}
