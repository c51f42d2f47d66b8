/**
 * Building DOM for the decoder page. Everything the page shows from a token or a key goes in as
 * text nodes, never as markup: a token is untrusted input, and the page's Content-Security-Policy
 * (Trusted Types) would refuse an HTML string anyway.
 *
 * @module
 */

/** What {@link el} accepts as a child; `false`, `null` and `undefined` are skipped. */
export type Child = Node | string | number | false | null | undefined;

/**
 * Creates an element with attributes and children. `class` sets the class list; every other
 * attribute is set with setAttribute (never `style`: the CSP allows no inline style).
 *
 * @example
 * ```ts
 * el('p', { class: 'hint' }, 'Paste a token', el('code', null, 'eyJ…'));
 * ```
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Record<string, string> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attributes) for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  append(node, children);
  return node;
}

/** Appends children, strings as text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** The element with this id, which the page's markup guarantees. */
export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}
