/// <reference types="mocha" />
/** Browser-side helpers for the widget tests: the real gateway, tokens, the simulator, and user-like input. */
import { oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BwkitForm } from '../src/internal/form.js';
import '../src/bwkit.js';

export const env: { api: string } = await (await fetch('/__bwkit/env')).json();

export async function token(
  tenant = 'acme',
  opts: { expired?: boolean; subject?: string; scopes?: string[] } = {},
): Promise<string> {
  const res = await fetch('/__bwkit/token', { method: 'POST', body: JSON.stringify({ tenant, ...opts }) });
  const body = (await res.json()) as { token: string };
  return body.token;
}

export async function simCounts(): Promise<Record<string, number>> {
  const state = (await (await fetch('/__bwkit/sim/state')).json()) as { counts: Record<string, number> };
  return state.counts;
}

export async function fault(f: Record<string, unknown>): Promise<void> {
  const res = await fetch('/__bwkit/sim/faults', { method: 'POST', body: JSON.stringify(f) });
  if (!res.ok) throw new Error(`fault refused: ${await res.text()}`);
}

export const clearFaults = () => fetch('/__bwkit/sim/faults', { method: 'DELETE' });

/** Creates `<tag>` with the gateway as `api` and a fetchToken for the tenant, attaches it and waits for bwkit-ready. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  opts: { tenant?: string; parent?: HTMLElement; fetchToken?: () => Promise<string> } = {},
): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  el.setAttribute('api', env.api);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const tenant = opts.tenant ?? 'acme';
  (el as unknown as BwkitForm).fetchToken = opts.fetchToken ?? (() => token(tenant));
  const ready = oneEvent(el, 'bwkit-ready');
  (opts.parent ?? document.body).append(el);
  await ready;
  await (el as unknown as BwkitForm).updateComplete;
  return el;
}

export const $ = <T extends Element = HTMLElement>(el: Element, sel: string): T => {
  const found = el.shadowRoot!.querySelector<T>(sel);
  if (!found) throw new Error(`no ${sel} in <${el.localName}>`);
  return found;
};
export const control = <T extends HTMLElement = HTMLInputElement>(el: Element, path: string) =>
  $<T>(el, `[name="${path}"]`);
export const errorOf = (el: Element, path: string) => $(el, `#e-${CSS.escape(path)}`).textContent!.trim();
export const hintOf = (el: Element, path: string) =>
  $(el, `#h-${CSS.escape(path)}`)
    .textContent!.replace(/\s+/g, ' ')
    .trim();
export const alertOf = (el: Element) => $(el, '[role=alert]').textContent!.replace(/\s+/g, ' ').trim();
export const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** Focuses a field and types into it with real key presses (select-all first to replace what is there). */
export async function type(el: Element, path: string, value: string): Promise<void> {
  const input = control(el, path);
  input.focus();
  input.select?.();
  await sendKeys({ press: 'Backspace' });
  if (value) await sendKeys({ type: value });
}

/** Types, then leaves the field with Tab (the blur validates). */
export async function fill(el: Element, path: string, value: string): Promise<void> {
  await type(el, path, value);
  await sendKeys({ press: 'Tab' });
  await (el as unknown as BwkitForm).updateComplete;
}

/** Picks an option of a select or radio group the way a user does (click / keyboard change event). */
export async function choose(el: Element, path: string, value: string): Promise<void> {
  const c = el.shadowRoot!.querySelectorAll<HTMLInputElement | HTMLSelectElement>(`[name="${path}"]`);
  const first = c[0]!;
  if (first instanceof HTMLSelectElement) {
    first.focus();
    first.value = value;
    first.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    [...c].find((r) => r.value === value)!.click();
  }
  await (el as unknown as BwkitForm).updateComplete;
}

/**
 * Submits the form the way a user does: the submit button, then — when the values were valid and the review of
 * what will be bought appears — its Buy / Place order button (`{ confirm: false }` stops at the review).
 */
export async function submit(el: Element, opts: { confirm?: boolean } = {}): Promise<void> {
  $(el, '[part~=submit]').click();
  await (el as unknown as BwkitForm).updateComplete;
  const review = el.shadowRoot!.querySelector('[part~=review]');
  if (review && opts.confirm !== false) {
    $(el, '[part~=review] [part~=submit]').click();
    await (el as unknown as BwkitForm).updateComplete;
  }
}

/** Sets the simulator's account balance (`domainId` omitted: every account). */
export async function balance(amount: number, domainId?: string): Promise<void> {
  const res = await fetch('/__bwkit/sim/balance', {
    method: 'PUT',
    body: JSON.stringify({ amount, ...(domainId ? { domainId } : {}) }),
  });
  if (!res.ok) throw new Error(`balance refused: ${await res.text()}`);
}

/** Records the requests the widgets send (method, URL, Idempotency-Key). */
export function spyFetch() {
  const calls: { method: string; url: string; key: string | null; auth: string | null; body?: string; at: number }[] =
    [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const h = new Headers(init?.headers);
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      key: h.get('idempotency-key'),
      auth: h.get('authorization'),
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      at: performance.now(),
    });
    return original(input, init);
  };
  return { calls, restore: () => (window.fetch = original) };
}

/** Waits for the next `type` event on `el` and returns its detail. */
export async function next<T = unknown>(el: Element, type: string): Promise<T> {
  return ((await oneEvent(el, type)) as CustomEvent<T>).detail;
}

export { waitUntil };

/** Runs axe-core on the element (shadow DOM included); fails with the violations listed. */
export async function axeCheck(el: Element): Promise<void> {
  const axe = (
    window as unknown as {
      axe: {
        run(
          ctx: Element,
          opts: object,
        ): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }>;
      };
    }
  ).axe;
  const { violations } = await axe.run(el, { resultTypes: ['violations'] });
  if (violations.length) {
    throw new Error(
      `axe: ${violations.map((v) => `${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`).join('; ')}`,
    );
  }
}
