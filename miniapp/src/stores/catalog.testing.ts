/** Test doubles of the catalog: guide and summary views (contracts/testing's), and a catalog API answering from them. */
export { stubUniStorage } from '../utils/storage.testing';
export {
  material,
  matterGuideView as guideView,
  matterSummaryView as matterSummary,
} from '@cloud-seat/contracts/testing';
import type { MatterGuideView } from '@cloud-seat/contracts';
import { vi } from 'vitest';
import type { CatalogApi } from '../api/catalog';

/** A catalog API over some guides; every method is a spy. */
export function catalogApiOf(guides: MatterGuideView[] = []): CatalogApi {
  return {
    scenarios: vi.fn(async () => []),
    scenario: vi.fn(
      async (code: string) => ({ code, kind: 'person', name: '婚姻登记', matterCount: 0, matters: [] }) as never,
    ),
    search: vi.fn(async () => []),
    matter: vi.fn(async (id: string) => {
      const guide = guides.find((g) => g.id === id);
      if (!guide) throw new Error(`no guide ${id}`);
      return guide;
    }),
  };
}
