/**
 * The field renderer: one field's label, control (text, number, textarea, select, radio group, checkbox), hint and
 * error, tied together with ids and ARIA. Fields show once the config is there, so this module is part of the
 * on-demand purchase chunk (it gets Lit's `html` / `nothing` from the form through `useLit`, see purchase.ts Kit).
 */
import type { TemplateResult } from 'lit';
import type { BwkitForm, FieldDef } from './form.js';
import type { UiKey } from './i18n.js';
import { stepped } from './number-step.js';

let html: typeof import('lit').html;
let nothing: typeof import('lit').nothing;

/** Hands over Lit's template functions (the form's copy: importing Lit here would load it again up front). */
export function useLit(kit: { html: typeof html; nothing: typeof nothing }): void {
  ({ html, nothing } = kit);
}

/** ArrowUp / ArrowDown on a number field step its value within its range. */
function stepKey(h: BwkitForm, e: KeyboardEvent, f: FieldDef): void {
  const up = e.key === 'ArrowUp';
  if (!up && e.key !== 'ArrowDown') return;
  e.preventDefault();
  h.setValue(f.path, stepped(f, String(h.values[f.path] ?? ''), up), false);
}

/** One field, as the form's values, issues and texts say (`f.render`: a field that renders itself, a picker). */
export function renderField(h: BwkitForm, f: FieldDef): TemplateResult {
  if (f.render) return f.render();
  const { path, kind, options = [] } = f;
  const id = `f-${path}`;
  const issue = h.issues[path];
  const invalid = issue ? 'true' : 'false';
  const describedBy = `h-${path} e-${path}${f.describe ? ` ${f.describe}` : ''}`;
  const value = h.values[path];
  const required = f.optional || kind === 'check' ? nothing : 'true';
  // The space before "(optional)" is an expression: the template minifier trims whitespace at a template's edges.
  const label = html`${h.t(f.label ?? (path.split('.').pop() as UiKey))}${
    f.optional ? html`${' '}<span class="opt">(${h.t('optional')})</span>` : nothing
  }`;
  // The tenant policy's limit on this field (allowed values, a maximum), said before anything is typed.
  const policy = h.x.policyHint(path);
  const after = html`<div part="hint" id="h-${path}">${f.hint ?? nothing}${
    policy ? html`${f.hint ? ' ' : ''}<span part="policy-hint">${policy}</span>` : nothing
  }</div>
    <div part="error" id="e-${path}">${issue && !f.quiet ? h.issueText(issue) : nothing}</div>`;
  if (kind === 'radio') {
    return html`<fieldset part="field" class="field" role="radiogroup" aria-invalid=${invalid} aria-required=${required}
      aria-describedby=${describedBy}>
      <legend part="label">${label}</legend>
      <div class="choices">
        ${options.map(
          (o) => html`<label class="choice"
            ><input type="radio" part="input" name=${path} .value=${o.value} .checked=${o.value === value}
              @change=${h.onField} /><span><strong>${o.label}</strong>${
                o.note ? html`<small>${o.note}</small>` : nothing
              }</span></label
          >`,
        )}
      </div>
      ${after}
    </fieldset>`;
  }
  if (kind === 'check') {
    return html`<div part="field" class="field">
      <label part="label" class="check"
        ><input type="checkbox" part="input" id=${id} name=${path} .checked=${value === true}
          aria-describedby=${describedBy} @change=${h.onField} />${label}</label
      >${after}
    </div>`;
  }
  const control =
    kind === 'select'
      ? html`<select part="input" class="control" id=${id} name=${path} aria-invalid=${invalid} aria-required=${required}
          aria-describedby=${describedBy} @change=${h.onField}>
          ${options.map((o) => html`<option .value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
        </select>`
      : kind === 'textarea'
        ? html`<textarea part="input" class="control" id=${id} name=${path} .value=${String(value ?? '')}
            aria-invalid=${invalid} aria-required=${required} aria-describedby=${describedBy} @input=${h.onField}
            @blur=${h.onField}></textarea>`
        : kind === 'number'
          ? numberInput(h, f, id, String(value ?? ''), invalid, describedBy, required)
          : html`<input part="input" class="control" id=${id} name=${path} type="text" inputmode="text"
              autocomplete="off" .value=${String(value ?? '')} aria-invalid=${invalid} aria-required=${required}
              aria-describedby=${describedBy} @input=${h.onField} @blur=${h.onField} />`;
  return html`<div part="field" class="field"><label part="label" for=${id}>${label}</label>${control}${after}</div>`;
}

/**
 * A number field: a text input (so "12.5" or "abc" reach the validator and get its message, where type=number would
 * silently empty them) with the spinbutton role, its range, and ArrowUp/ArrowDown stepping within it.
 */
function numberInput(
  h: BwkitForm,
  f: FieldDef,
  id: string,
  value: string,
  invalid: string,
  describedBy: string,
  required: unknown,
): TemplateResult {
  const n = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
  return html`<input part="input" class="control" id=${id} name=${f.path} type="text" inputmode="numeric"
    role="spinbutton" autocomplete="off" .value=${value} aria-valuemin=${f.min ?? nothing}
    aria-valuemax=${f.max ?? nothing} aria-valuenow=${n ?? nothing} aria-invalid=${invalid}
    aria-required=${required} aria-describedby=${describedBy} @input=${h.onField} @blur=${h.onField}
    @keydown=${(e: KeyboardEvent) => stepKey(h, e, f)} />`;
}
