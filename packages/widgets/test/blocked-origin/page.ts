/**
 * Runs inside test/blocked-origin/page.html, opened by form-control.test.ts on an origin of the same test server that
 * no tenant lists in `allowedOrigins`: mounts <bandwidth-create> against the real gateway and posts to the parent
 * what a developer would see (events, console errors, the alert), and what the browser itself says of the gateway.
 */
import '../../src/bwkit.js';
import type { BwkitProblem } from '../../src/index.js';

export interface BlockedOriginReport {
  origin: string;
  api: string;
  /** `bwkit-error` / `bwkit-loaderror` in the order they came, with the problem's code and developer message. */
  events: { type: string; code: string; message: string }[];
  consoleErrors: string[];
  /** The element's alert and whether it offers Try again. */
  alert: string;
  tryAgain: boolean;
  /** A plain CORS `fetch` of the config from this origin: how it failed (the browser hides why). */
  corsFetch: string;
  /** The same URL with `mode: 'no-cors'`: 'opaque' when the gateway answered (it is up, only CORS refused). */
  noCorsFetch: string;
}

const env = (await (await fetch('/__bwkit/env')).json()) as { api: string };
const token = async () =>
  ((await (await fetch('/__bwkit/token', { method: 'POST', body: '{}' })).json()) as { token: string }).token;

const consoleErrors: string[] = [];
const consoleError = console.error;
console.error = (...args: unknown[]) => {
  consoleErrors.push(args.map(String).join(' '));
  consoleError(...args);
};

const el = document.createElement('bandwidth-create');
el.setAttribute('api', env.api);
el.setAttribute('service', 'vpc');
el.fetchToken = token;
const events: BlockedOriginReport['events'] = [];
for (const type of ['bwkit-error', 'bwkit-loaderror', 'bwkit-ready'] as const) {
  el.addEventListener(type, (e) => {
    const p = (e as CustomEvent<BwkitProblem | undefined>).detail;
    events.push({ type, code: p?.code ?? '', message: p?.message ?? '' });
  });
}
// Settled either way, so that a page whose origin is allowed after all reports its bwkit-ready instead of hanging.
const settled = new Promise((ok) => {
  el.addEventListener('bwkit-loaderror', ok, { once: true });
  el.addEventListener('bwkit-ready', ok, { once: true });
});
document.body.append(el);
await settled;
await el.updateComplete;

const outcome = (p: Promise<Response>) =>
  p.then(
    (r) => r.type,
    (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`,
  );
const headers = { authorization: `Bearer ${await token()}` };
const report: BlockedOriginReport = {
  origin: location.origin,
  api: env.api,
  events,
  consoleErrors,
  alert: el.shadowRoot!.querySelector('[role=alert]')!.textContent!.replace(/\s+/g, ' ').trim(),
  tryAgain: [...el.shadowRoot!.querySelectorAll('button')].some((b) => /try again/i.test(b.textContent!)),
  corsFetch: await outcome(fetch(`${env.api}/v1/config`, { headers })),
  noCorsFetch: await outcome(fetch(`${env.api}/healthz`, { mode: 'no-cors' })),
};
parent.postMessage({ bwkitBlockedOrigin: report }, '*');
