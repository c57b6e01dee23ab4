/** uni's input and confirm events carry the value in `detail` (H5 and mini-program alike). */
export function inputValue(event: Event): string {
  return (event as unknown as { detail: { value: string } }).detail.value;
}

/** One string parameter of a page's onLoad query ('' when absent); uni may hand it still encoded. */
export function queryParam(query: Record<string, string | undefined> | undefined, name: string): string {
  const value = query?.[name];
  if (typeof value !== 'string') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
