/**
 * Styles every widget shares. Tokens resolve page `--bwkit-*` > appearance > tenant > default (see theme.ts).
 * Only logical properties (inline/block start and end), so the same rules lay out right to left: the widget's own
 * locale decides its direction (Arabic is `rtl`, whatever the page's), not the page around it.
 */
import { css, unsafeCSS } from 'lit';

/** `--_name: var(--bwkit-x, var(--_bwkit-appearance-x, var(--_bwkit-tenant-x, fallback)))` */
const token = (local: string, name: string, fallback: string) =>
  `--_${local}:var(--bwkit-${name},var(--_bwkit-appearance-${name},var(--_bwkit-tenant-${name},${fallback})));`;

const tokens = unsafeCSS(
  token('p', 'color-primary', 'var(--_dp)') +
    token('t', 'color-text', 'var(--_dt)') +
    token('bg', 'color-background', 'var(--_dbg)') +
    token('d', 'color-danger', 'var(--_dd)') +
    token('r', 'radius', '8px') +
    token(
      'f',
      'font-family',
      "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif",
    ) +
    token('s', 'spacing', '16px'),
);

export const baseStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    --_dp: #2563eb;
    --_dt: #1f2937;
    --_dbg: #ffffff;
    --_dd: #b91c1c;
    ${tokens}
    --_muted: color-mix(in srgb, var(--_t) 72%, var(--_bg));
    --_line: color-mix(in srgb, var(--_t) 28%, var(--_bg));
    --_field: color-mix(in srgb, var(--_t) 3%, var(--_bg));
    color-scheme: light;
    box-sizing: border-box;
    color: var(--_t);
    background: var(--_bg);
    font: 14px/1.45 var(--_f);
    padding: var(--_s);
    border-radius: var(--_r);
    display: grid;
    gap: var(--_s);
    direction: ltr;
  }
  .root:lang(ar) {
    direction: rtl;
  }
  .root.dark {
    --_dt: #e5e7eb;
    --_dbg: #18181b;
    --_dd: #fca5a5;
    color-scheme: dark;
  }
  p {
    margin: 0;
  }
  form,
  .panel {
    display: grid;
    gap: var(--_s);
    margin: 0;
  }
  .field {
    display: grid;
    gap: calc(var(--_s) / 3);
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  label,
  legend {
    font-weight: 600;
    padding: 0;
  }
  .opt,
  [part~='hint'] {
    color: var(--_muted);
    font-weight: 400;
  }
  [part~='hint'],
  [part~='error'] {
    font-size: 0.92em;
  }
  [part~='error'] {
    color: var(--_d);
    font-weight: 500;
  }
  [part~='error']:empty {
    display: none;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  .control {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.6em;
    padding: 0.5em 0.75em;
    background: var(--_field);
    border: 1px solid var(--_line);
    border-radius: var(--_r);
  }
  textarea.control {
    min-height: 4.5em;
    resize: vertical;
  }
  :focus-visible {
    outline: 2px solid var(--_p);
    outline-offset: 2px;
  }
  [aria-invalid='true'] .control,
  .control[aria-invalid='true'] {
    border-color: var(--_d);
    box-shadow: 0 0 0 1px var(--_d);
  }
  .choices {
    display: grid;
    gap: calc(var(--_s) / 2);
    grid-template-columns: repeat(auto-fit, minmax(11em, 1fr));
  }
  .choice,
  .check {
    display: flex;
    gap: 0.6em;
    align-items: flex-start;
    font-weight: 400;
    cursor: pointer;
  }
  .choice {
    padding: 0.6em 0.75em;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    background: var(--_field);
  }
  .choice:has(:checked) {
    border-color: var(--_p);
    box-shadow: 0 0 0 1px var(--_p);
  }
  [aria-invalid='true'] .choice {
    border-color: var(--_d);
  }
  .choice input,
  .check input {
    margin: 0;
    margin-block-start: 0.2em;
    accent-color: var(--_p);
    flex: none;
    width: 1.05em;
    height: 1.05em;
  }
  .choice strong {
    display: block;
    font-weight: 600;
  }
  .choice small {
    display: block;
    color: var(--_muted);
    font-size: 0.92em;
  }
  .row {
    align-items: start;
    display: grid;
    gap: var(--_s);
    grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
  }
  button {
    cursor: pointer;
    font-weight: 600;
    padding: 0.6em 1.2em;
    border-radius: var(--_r);
    border: 1px solid var(--_line);
    background: transparent;
    justify-self: start;
  }
  [part~='submit'] {
    background: var(--_p);
    border-color: var(--_p);
    color: #fff;
  }
  button:disabled {
    opacity: 0.65;
    cursor: progress;
  }
  .alert {
    color: var(--_d);
    border-inline-start: 3px solid var(--_d);
    padding: 0.5em 0.75em;
    background: color-mix(in srgb, var(--_d) 9%, var(--_bg));
    border-radius: 0;
    border-start-end-radius: var(--_r);
    border-end-end-radius: var(--_r);
  }
  .alert:not(.on) {
    padding: 0;
    border: 0;
    background: none;
    margin-top: calc(var(--_s) * -1);
  }
  .alert small {
    display: block;
    color: var(--_muted);
  }
  [part~='result'] {
    display: grid;
    gap: calc(var(--_s) / 1.5);
  }
  [part~='result']:focus {
    outline: none;
  }
  .done {
    font-weight: 600;
    font-size: 1.08em;
  }
  .done::before {
    content: '✓';
    color: var(--_p);
    margin-inline-end: 0.4em;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.3em 1em;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
  }
  .notice {
    padding: 0.6em 0.75em;
    border-radius: var(--_r);
    border: 1px solid color-mix(in srgb, var(--_p) 45%, var(--_bg));
    background: color-mix(in srgb, var(--_p) 10%, var(--_bg));
    font-weight: 500;
  }
`;
