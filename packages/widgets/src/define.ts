/**
 * Safe registration: a tag that is already defined (this script loaded twice, or another copy/version of the
 * widgets on the same page) is left alone instead of throwing.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
