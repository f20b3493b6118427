/// <reference types="mocha" />
import { expect } from '@open-wc/testing';

describe('registration', () => {
  it('loading the bundle twice, and another copy of an element, does not throw', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    await import('../src/bwkit.js');
    const first = customElements.get('bandwidth-create');
    // The built bundle and a per-element module are other copies of the same classes.
    await import(/* @vite-ignore */ `${'/dist/bwkit.js'}`);
    await import(/* @vite-ignore */ `${'/dist/bandwidth-create.js'}?copy=2`);
    await import(/* @vite-ignore */ `${'/dist/bandwidth-package-form.js'}`);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(customElements.get('bandwidth-create')).to.equal(first);
    expect(customElements.get('bandwidth-change-order')).to.exist;
  });
});
