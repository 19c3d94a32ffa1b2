import type { EntityRow, RelationRow } from './rows.js';

/**
 * Rows grouped into numbered batches of one label or one relation type each (a statement text per
 * label/type). Numbering depends only on the order of the input, so a re-run over the same input
 * (the generator is deterministic) yields the same batch n, which is what makes a checkpoint of
 * batch numbers enough to resume.
 */
export interface Batch<R> {
  /** 0-based, across entities then relations. */
  index: number;
  phase: 'entities' | 'relations';
  /** The entity kind or relation type of every row. */
  key: string;
  rows: R[];
}

/** Groups rows by `keyOf` into batches of `size`; a key's batch is emitted when full, the rest at the end. */
export function* batchesOf<R>(
  rows: Iterable<R>,
  keyOf: (row: R) => string,
  size: number,
  phase: Batch<R>['phase'],
  first = 0,
): Generator<Batch<R>, number> {
  const open = new Map<string, R[]>();
  let index = first;
  for (const row of rows) {
    const key = keyOf(row);
    let buffer = open.get(key);
    if (!buffer) open.set(key, (buffer = []));
    buffer.push(row);
    if (buffer.length >= size) {
      yield { index: index++, phase, key, rows: buffer };
      open.set(key, []);
    }
  }
  for (const [key, buffer] of open) if (buffer.length > 0) yield { index: index++, phase, key, rows: buffer };
  return index;
}

export const entityKey = (row: EntityRow): string => row.kind;
export const relationKey = (row: RelationRow): string => row.type;
