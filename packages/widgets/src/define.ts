/**
 * Defines a custom element unless the page already has one by that name (another
 * copy of the bundle, or the portal's own): defining twice would throw.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
