/**
 * The Idempotency-Key of a submission, a reactive controller of the form: minted for a submission's values, the same
 * key while the same values are sent again after a failure or an unknown outcome (the BFF runs the operation at most
 * once per key), a new one for new values, after a definite answer, and after the form is reset. Part of the
 * on-demand purchase chunk: nothing can be submitted before the config is there.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class IdempotencyKeyController implements ReactiveController {
  #key: string | undefined;
  #keyFor: string | undefined;

  constructor(
    private readonly h: ReactiveControllerHost & { readonly result: unknown },
    private readonly mint: () => string,
  ) {
    h.addController(this);
  }

  /** Before each render: a result shown is a definite answer, so the next submission gets a new key. */
  hostUpdate(): void {
    if (this.h.result !== undefined) this.#key = undefined;
  }

  /** The key for these values (`fingerprint`: the path and the request): the one used last when they are the same. */
  key(fingerprint: string): string {
    if (!this.#key || this.#keyFor !== fingerprint) {
      this.#key = this.mint();
      this.#keyFor = fingerprint;
    }
    return this.#key;
  }

  /** The outcome is known (a 2xx answer, or a key the BFF refused as reused): the next submission gets a new key. */
  reset(): void {
    this.#key = undefined;
  }
}
