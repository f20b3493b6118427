/**
 * The widget token, a reactive controller of each element that calls the BFF: the `token` attribute (taken again
 * when it changes) or what `fetchToken` gave last, fetched again once when the BFF answers 401 token_expired /
 * token_invalid, and `token_missing` when there is no way to get one — thrown to a call, and said to the developer
 * when the page set neither a task after the first render.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BwkitProblem } from './client.js';

export interface TokenHost extends ReactiveControllerHost, HTMLElement {
  /** The `token` attribute, or the property set to a token or to a promise of one. */
  readonly token: string | Promise<string> | null | undefined;
  readonly fetchToken: (() => Promise<string>) | undefined;
}

export class TokenController implements ReactiveController {
  /** The token sent last (the live-progress streams send it too). */
  tok: string | undefined;
  #attr: string | Promise<string> | null | undefined;
  /** The token being got, shared by the calls that ask meanwhile (one fetchToken for all). */
  #p: Promise<string> | string | undefined;
  #first = true;

  constructor(
    private readonly h: TokenHost,
    /** No token source a task after the first render (skipped when `ready()` says the element got going anyway). */
    private readonly missing?: (p: BwkitProblem) => void,
    private readonly ready: () => boolean = () => false,
  ) {
    h.addController(this);
  }

  /** A new token can be asked for (after a 401 token_expired / token_invalid). */
  get canRefresh(): boolean {
    return !!this.h.fetchToken;
  }

  /**
   * The token to send: the `token` property's (when it changed; a promise is awaited, so a page can start minting
   * the token before this script has loaded) or the one fetchToken gave (again, with `refresh`).
   */
  async get(refresh: boolean): Promise<string> {
    const { h } = this;
    const attr = h.token;
    if (!refresh && attr && attr !== this.#attr) this.#p = this.#attr = attr;
    if ((refresh || !this.#p) && h.fetchToken) this.#p = h.fetchToken();
    const p = this.#p;
    let tok: string | undefined;
    try {
      tok = await p;
    } catch {
      // A token promise or fetchToken that fails counts as no token (and is asked again next time).
    }
    if (!tok) {
      if (this.#p === p) this.#p = undefined;
      throw new BwkitProblem({ status: 401, code: 'token_missing' });
    }
    return (this.tok = tok);
  }

  /** After the first render: pages (and frameworks) may set `fetchToken` just after attaching, so look a task later. */
  hostUpdated(): void {
    if (!this.#first || !this.missing) return;
    this.#first = false;
    const { h } = this;
    setTimeout(() => {
      if (!h.isConnected || h.token || h.fetchToken || this.ready()) return;
      this.missing?.(
        new BwkitProblem(
          { status: 401, code: 'token_missing' },
          `<${h.localName}> has no token: set its \`fetchToken\` property or \`token\` attribute.`,
        ),
      );
    });
  }
}
