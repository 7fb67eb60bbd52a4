/**
 * Internal: a shallow, unfrozen copy of an id-keyed dictionary of records, with the source's kind of
 * prototype: a null-prototype source (the views the service builds from stored records, keyed by ever
 * new ids) gets a null-prototype copy, since an ordinary object would get a new hidden class for every
 * id seen; an ordinary source (a caller's own view) gets an ordinary object, so what the caller handed
 * in keeps behaving the same (`hasOwnProperty`, `toString`) after an event.
 * @internal
 */
export function copyRecords<T>(records: Readonly<Record<string, T>>): Record<string, T> {
  const copy: Record<string, T> = Object.getPrototypeOf(records) === null ? (Object.create(null) as Record<string, T>) : {};
  for (const k in records) copy[k] = records[k] as T;
  return copy;
}
