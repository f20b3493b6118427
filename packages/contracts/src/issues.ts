/** Field-level validation results, shared by the widgets (blur/submit) and the BFF (problem `fields`). zod-free. */

/** Stable machine codes of field issues (one per documented rule). */
export const ISSUE_CODES = [
  'required',
  'invalid_type',
  'not_integer',
  'too_small',
  'too_big',
  'size_step',
  'too_long',
  'name_chars',
  'angle_brackets',
  'id_chars',
  'invalid_format',
  'invalid_enum',
  'invalid_uuid',
  'spec_code_unavailable',
  'spec_code_not_on_site',
  'spec_code_mismatch',
  'billing_mode_not_on_site',
  'prepaid_required',
  'prepaid_not_allowed',
  'period_range',
  'region_not_allowed',
  'resource_id_required',
  'unsafe_chars',
  'same_size',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * One problem with one field. `path` is dotted ('sizeMbps', 'prepaid.periodCount'); `code` is one of
 * `ISSUE_CODES`; `message` is English text for people; `params` feed the localized text
 * (`formatIssue(issue, locale)`).
 */
export type FieldIssue = {
  path: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
};

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };
