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

  it('bwkit.js fetches <bandwidth-approvals> (its own module) once the document has the tag', async () => {
    await import(/* @vite-ignore */ `${'/dist/bwkit.js'}`);
    expect(customElements.get('bandwidth-approvals')).to.equal(undefined);
    const tag = document.createElement('bandwidth-approvals');
    document.body.append(tag);
    try {
      await Promise.race([
        customElements.whenDefined('bandwidth-approvals'),
        new Promise((_, fail) => setTimeout(() => fail(new Error('bandwidth-approvals was not defined')), 5000)),
      ]);
      expect(tag.shadowRoot).to.not.equal(null);
    } finally {
      tag.remove();
    }
  });
});
