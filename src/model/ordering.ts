/** Which way a relation runs as seen from the entity asked about. */
export enum Direction {
  OUT = 'OUT',
  IN = 'IN',
  BOTH = 'BOTH',
}

/** Orders of related-entity lists; the loader maps each to a Cypher sort expression. */
export enum RelationOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  AMOUNT_DESC = 'AMOUNT_DESC',
  COUNT_DESC = 'COUNT_DESC',
  START_DESC = 'START_DESC',
}

/** Orders of entity lists. */
export enum EntityOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
}
