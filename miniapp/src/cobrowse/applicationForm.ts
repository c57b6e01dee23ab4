/**
 * The online application form (网上申报) a citizen fills in, with or without 同屏协助. Fields
 * marked `sensitive` are masked on the seat's side unless the citizen reveals one.
 */
import {
  COBROWSE_GUIDE_PART_ATTRIBUTE,
  COBROWSE_GUIDE_PARTS,
  COBROWSE_SAMPLE_FIELD_ATTRIBUTE,
  type CobrowseGuidePart,
} from '@cloud-seat/contracts';

export interface ApplicationField {
  key: string;
  label: string;
  type: 'text' | 'textarea';
  sensitive?: boolean;
  placeholder: string;
  maxlength: number;
}

export const APPLICATION_FORM_TITLE = '网上申报';

export const APPLICATION_FIELDS: readonly ApplicationField[] = [
  { key: 'name', label: '姓名', type: 'text', placeholder: '请输入申请人姓名', maxlength: 30 },
  {
    key: 'idNumber',
    label: '身份证号',
    type: 'text',
    sensitive: true,
    placeholder: '请输入18位身份证号',
    maxlength: 18,
  },
  { key: 'phone', label: '手机号', type: 'text', sensitive: true, placeholder: '请输入手机号', maxlength: 11 },
  { key: 'address', label: '住址', type: 'text', placeholder: '请输入现住址', maxlength: 100 },
  { key: 'reason', label: '申请事由', type: 'textarea', placeholder: '请简要说明申请事由', maxlength: 500 },
];

/** The field an element of the form belongs to (its wrapper carries `data-field`). */
export function fieldKeyOf(element: Element | null): string | null {
  const key = element?.closest('[data-field]')?.getAttribute('data-field') ?? null;
  return key && APPLICATION_FIELDS.some((f) => f.key === key) ? key : null;
}

/** The part of the seat's shared guide an element belongs to (`data-guide-part`: how / bring / where). */
export function guidePartOf(element: Element | null): CobrowseGuidePart | null {
  const part = element?.closest(`[${COBROWSE_GUIDE_PART_ATTRIBUTE}]`)?.getAttribute(COBROWSE_GUIDE_PART_ATTRIBUTE);
  return (COBROWSE_GUIDE_PARTS as readonly string[]).includes(part ?? '') ? (part as CobrowseGuidePart) : null;
}

/** The row of the seat's shared 填写示例 an element belongs to (`data-sample-field`: a field key). */
export function sampleFieldOf(element: Element | null): string | null {
  return (
    element?.closest(`[${COBROWSE_SAMPLE_FIELD_ATTRIBUTE}]`)?.getAttribute(COBROWSE_SAMPLE_FIELD_ATTRIBUTE) ?? null
  );
}

/** The selector the seat sends when it has no mirror id for a field. */
export const fieldSelector = (key: string) => `[data-field="${key}"]`;
