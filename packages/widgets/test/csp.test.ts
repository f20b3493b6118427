/// <reference types="mocha" />
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

type CspWindow = Window & {
  violations: string[];
  ready: Promise<unknown>;
  widgets: Record<'vpc' | 'workspace', HTMLElement & { updateComplete: Promise<boolean> }>;
};

async function typeIn(el: Element, name: string, value: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  input.ownerDocument.defaultView!.focus();
  input.focus();
  await sendKeys({ type: value });
  await sendKeys({ press: 'Tab' });
}

/** Buy in the review of what will be bought (its price and pickers come from the lazily loaded chunk). */
async function confirm(el: HTMLElement & { updateComplete: Promise<boolean> }) {
  await el.updateComplete;
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=review] [part~=submit]')!.click();
}

describe('strict CSP page (no unsafe-inline, no unsafe-eval) loading dist/bwkit.js', () => {
  it('renders, themes and completes submissions without a single violation', async () => {
    const frame = document.createElement('iframe');
    frame.style.width = '800px';
    frame.style.height = '900px';
    frame.src = '/test/csp/page.html';
    document.body.append(frame);
    const page = () => frame.contentWindow as CspWindow;
    await waitUntil(() => page().ready, 'the CSP page did not start', { timeout: 10_000 });
    const win = page();
    await win.ready;

    const vpc = win.widgets.vpc;
    // The tenant theme reached the shadow DOM through adopted style sheets and CSSOM only.
    const button = vpc.shadowRoot!.querySelector('[part~=submit]')!;
    expect(win.getComputedStyle(button).backgroundColor).to.equal('rgb(29, 78, 216)');
    await typeIn(vpc, 'name', 'csp-ok');
    await typeIn(vpc, 'sizeMbps', '10');
    const ok = oneEvent(vpc, 'bwkit-success');
    (button as HTMLButtonElement).click();
    await confirm(vpc);
    const detail = ((await ok) as CustomEvent<{ bandwidth: { id: string } }>).detail;
    expect(detail.bandwidth.id).to.match(/^[0-9a-f-]{36}$/);

    // Workspace: the progress bar's width is set through CSSOM (styleMap), which the CSP allows.
    const ws = win.widgets.workspace;
    // The minified templates keep the space before "(optional)".
    expect(ws.shadowRoot!.querySelector('label[for="f-name"]')!.textContent).to.equal('Name (optional)');
    await typeIn(ws, 'subnetId', '2fe2cebf-fb0c-40a6-8daa-f60bef147583');
    await typeIn(ws, 'sizeMbps', '10');
    const done = oneEvent(ws, 'bwkit-success');
    ws.shadowRoot!.querySelector<HTMLButtonElement>('[part~=submit]')!.click();
    await confirm(ws);
    await done;
    await ws.updateComplete;
    const bar = ws.shadowRoot!.querySelector<HTMLElement>('.bar')!;
    expect(bar.style.width).to.equal('100%');
    expect(win.violations).to.deep.equal([]);
    // An English page never downloads the Chinese texts.
    expect(
      win.performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.includes('zh-CN')),
    ).to.deep.equal([]);
    frame.remove();
  });
});
