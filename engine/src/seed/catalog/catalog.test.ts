import { describe, expect, it } from 'vitest';
import { catalogMatterInputSchema, REGION_CODES, THEME_CODES } from '@cloud-seat/contracts';
import { MATTER_SYNONYMS } from '../../domain/catalog/synonyms.js';
import { DEMO_ASSISTED_FILING, DEMO_MATTER_DEFS, DEMO_SCENARIOS, demoCatalog } from './index.js';
import { SEAT_SERVED_CATEGORIES } from './types.js';

const rows = demoCatalog();
const basicCodes = new Set(rows.map((r) => r.basicCode));
const byCode = new Map(rows.map((r) => [r.basicCode, r]));

describe('demo catalog', () => {
  it('every row parses with the catalog schema', () => {
    const rejects = rows.flatMap((row) => {
      const parsed = catalogMatterInputSchema.safeParse(row);
      return parsed.success ? [] : [`${row.implCode} ${row.name}: ${parsed.error.message}`];
    });
    expect(rejects).toEqual([]);
  });

  it('has at least 85 distinct matters with stable 12–20 character basic codes', () => {
    expect(basicCodes.size).toBeGreaterThanOrEqual(85);
    expect(basicCodes.size).toBe(DEMO_MATTER_DEFS.length);
    for (const code of basicCodes) expect(code).toMatch(/^[0-9A-Za-z]{12,20}$/);
  });

  it('gives every row its own 实施编码', () => {
    const implCodes = rows.map((r) => r.implCode);
    expect(new Set(implCodes).size).toBe(implCodes.length);
    for (const code of implCodes) expect(code).toMatch(/^[0-9A-Za-z]{4,64}$/);
  });

  it('implements at least 70 matters in every region', () => {
    for (const region of REGION_CODES) {
      expect(rows.filter((r) => r.regionCode === region).length, region).toBeGreaterThanOrEqual(70);
    }
  });

  it('gives each region its own phones per department', () => {
    const phones = new Map<string, string>();
    for (const row of rows) {
      const key = `${row.regionCode}|${row.implementingBody}`;
      const seen = phones.get(row.phone!);
      if (seen) expect(seen).toBe(key);
      phones.set(row.phone!, key);
    }
  });

  it('lists at least 3 catalog matters in every theme, and every matter in one or two themes', () => {
    for (const theme of THEME_CODES) {
      const codes = DEMO_SCENARIOS[theme];
      expect(codes.length, theme).toBeGreaterThanOrEqual(3);
      expect(new Set(codes).size, theme).toBe(codes.length);
      for (const code of codes) expect(basicCodes.has(code), `${theme} ${code}`).toBe(true);
    }
    for (const row of rows) {
      expect(row.themes!.length, row.name).toBeGreaterThanOrEqual(1);
      expect(row.themes!.length, row.name).toBeLessThanOrEqual(2);
    }
  });

  it('offers assisted filing only for existing matters filed online', () => {
    expect(DEMO_ASSISTED_FILING.length).toBeGreaterThanOrEqual(15);
    expect(DEMO_ASSISTED_FILING.length).toBeLessThanOrEqual(25);
    for (const code of DEMO_ASSISTED_FILING) {
      const row = byCode.get(code);
      expect(row, code).toBeDefined();
      expect(row!.onlineUrl, row!.name).not.toBe('');
      expect(row!.visits, row!.name).toBe(0);
    }
  });

  it('keeps the six names used elsewhere', () => {
    const names = new Set(rows.map((r) => r.name));
    for (const name of [
      '结婚登记',
      '生育登记',
      '户口迁移',
      '城乡居民养老保险参保登记',
      '企业设立登记',
      '个体工商户注册登记',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('uses only categories the seats serve', () => {
    const allowed = new Set<string>(SEAT_SERVED_CATEGORIES);
    for (const row of rows) expect(allowed.has(row.category), `${row.name}: ${row.category}`).toBe(true);
  });

  it('gives every matter a guide: 3–6 steps, 2–8 materials, 2–6 aliases, a summary and a basis', () => {
    for (const def of DEMO_MATTER_DEFS) {
      expect(def.steps.length, def.name).toBeGreaterThanOrEqual(3);
      expect(def.steps.length, def.name).toBeLessThanOrEqual(6);
      expect(def.materials.length, def.name).toBeGreaterThanOrEqual(2);
      expect(def.materials.length, def.name).toBeLessThanOrEqual(8);
      expect(def.aliases.length, def.name).toBeGreaterThanOrEqual(2);
      expect(def.aliases.length, def.name).toBeLessThanOrEqual(6);
      expect(def.summary, def.name).not.toBe('');
      expect(def.conditions, def.name).not.toBe('');
      expect(def.basis, def.name).toMatch(/《.+》/);
    }
  });

  it('maps every synonym to a word of some matter name', () => {
    const names = [...new Set(rows.map((r) => r.name))];
    for (const [word, canonical] of Object.entries(MATTER_SYNONYMS)) {
      expect(
        names.some((n) => n.includes(canonical)),
        `${word} → ${canonical}`,
      ).toBe(true);
    }
  });
});
