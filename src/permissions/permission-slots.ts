/*
 * Process-wide slots for permission ids: every distinct id (of any catalog) gets one small integer the
 * first time a catalog layout names it, and keeps it. A compiled template stores its states by slot,
 * so a permission handle reads its state at its own slot in a template of any catalog: no catalog
 * comparison on the check path, and a template whose catalog lacks the id reads 0 (deny, as a check by
 * id of an id the catalog does not know) or past its table, where the id is looked up by name.
 *
 * This is interning, not state that changes an answer: which slot an id gets depends on the order
 * catalogs are made, the state read there does not. The table grows with the number of distinct ids
 * ever laid out (the built-in catalog's first; about 90 bytes each, never freed), never with the
 * number of catalogs or templates. A compiled template's table stops where its catalog's slots thin
 * out (`CatalogLayout.width`), so it stays at most twice the catalog's size however many ids came before.
 */

const slots = new Map<string, number>();

/** The slot of `id`, assigned on first use. @internal */
export function slotOf(id: string): number {
  const known = slots.get(id);
  if (known !== undefined) return known;
  const made = slots.size;
  slots.set(id, made);
  return made;
}
