/**
 * Field validation, a controller the form owns: which fields the user has been through (their issues show),
 * the issues the BFF reported (kept until their field changes), re-checking the whole request with the contracts'
 * validator after every edit, and focusing the first field in error. Part of the on-demand purchase chunk: there
 * are no fields to check before the config is there.
 */
import type { FieldIssue, Validation } from '@bwkit/contracts';
import type { BwkitForm, FormItem } from './form.js';
import type { UiKey } from './i18n.js';

/** What the controllers need of the element that only it (or its subclass) knows. */
export interface FormHooks {
  /** The request body the current values make. */
  request(): Record<string, unknown>;
  /** The contracts' verdict on the current request. */
  validate(): Validation<unknown>;
  /** The fields (rows of fields, or custom templates) in order. */
  fields(): FormItem[];
  /** The submit button's label. */
  submitLabel(): UiKey;
  /** The POST path of the operation (read once per submit: the change order remembers its subject). */
  endpoint(): string;
  /** A 2xx answer: show it and say so. */
  accepted(res: unknown): Promise<void>;
  /** A failure: shown in the alert and sent as `bwkit-error`. */
  fail(e: unknown): void;
}

/** Every field's path, in order. */
function pathsOf(items: FormItem[]): string[] {
  return items.flatMap((f) =>
    !f ? [] : 'path' in f ? [f.path] : 'row' in f ? f.row.flatMap((r) => (r ? [r.path] : [])) : [],
  );
}

export class FieldValidation {
  #touched = new Set<string>();
  /** Field issues the BFF reported, kept until their field changes. */
  #server: Record<string, FieldIssue> = {};

  constructor(
    private readonly h: BwkitForm,
    private readonly hooks: FormHooks,
  ) {}

  /** Re-checks the whole request and keeps the issues of the fields the user has been through. */
  check(): Validation<unknown> {
    let v = this.hooks.validate();
    // The tenant policy narrows what the contracts allow: its breaches are refused here, before submit, like any
    // other invalid value (the BFF would answer 422 policy_violation naming the same field and rule).
    const policy = this.h.x.policyIssues(this.hooks.request());
    if (policy.length) v = { ok: false, issues: [...(v.ok ? [] : v.issues), ...policy] };
    const issues: Record<string, FieldIssue> = { ...this.#server };
    if (!v.ok) for (const issue of v.issues) if (this.#touched.has(issue.path)) issues[issue.path] = issue;
    this.h.issues = issues;
    return v;
  }

  /** A field's new value, as the user gave it (`touched`: the field was left, so its issue shows). */
  set(path: string, value: string | boolean, touched: boolean): void {
    const h = this.h;
    const changed = h.values[path] !== value;
    if (changed) {
      h.values = { ...h.values, [path]: value };
      // A server's verdict on a field no longer holds once the field changed.
      delete this.#server[path];
      this.h.x.capProblem = undefined;
    }
    if (touched) this.#touched.add(path);
    const v = this.check();
    // The form-level "fix the fields" alert goes once nothing is marked any more.
    if (h.problem?.code === 'validation_failed' && !Object.keys(h.issues).length) h.problem = undefined;
    if (changed) {
      h.emit('bwkit-change', { valid: v.ok, values: this.hooks.request() });
      h.x.changed(v.ok);
    }
  }

  /** Marks every field as gone through (their issues show) and checks: true when the request is valid. */
  touchAll(): boolean {
    for (const path of pathsOf(this.hooks.fields())) this.#touched.add(path);
    return this.check().ok;
  }

  /** Keeps the BFF's issues on fields this form has, and shows them. */
  server(fields: readonly FieldIssue[] = []): void {
    const known = pathsOf(this.hooks.fields());
    // A policy refusal's text comes in English from the BFF: said in the widget's language instead.
    for (const f of fields)
      if (known.includes(f.path)) this.#server[f.path] = f.code.startsWith('policy_') ? this.h.x.policyIssue(f) : f;
    this.check();
  }

  /** Focuses the first field in error (a radio group: its checked or first radio); false when there is none. */
  async focusInvalid(): Promise<boolean> {
    await this.h.updateComplete;
    const el = this.h.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]');
    const target = el?.matches('fieldset')
      ? (el.querySelector<HTMLElement>('input:checked') ?? el.querySelector('input'))
      : el;
    target?.focus();
    return !!target;
  }

  /** `reportValidity()`: every issue shown, the first field in error focused; true when valid. */
  report(): boolean {
    const ok = this.touchAll();
    if (!ok) void this.focusInvalid();
    return ok;
  }

  /** Nothing marked, nothing from the server (a new, empty form). */
  clear(): void {
    this.#server = {};
    this.#touched.clear();
    this.h.issues = {};
  }
}
