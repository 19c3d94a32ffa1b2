import { registerEnumType } from 'type-graphql';
import { CLAIM_STATUS_NAMES, CLAIM_STATUSES, claimStatusEnumName, type ClaimStatus } from '../../model/claims.js';
import { ENTITY_KIND_NAMES, ENTITY_KINDS, type EntityKind } from '../../model/entity-kinds.js';
import { Direction, EntityOrder, RelationOrder } from '../../model/ordering.js';
import { RELATION_TYPE_NAMES, RELATION_TYPES, type RelationType } from '../../model/relation-types.js';

export { Direction, EntityOrder, RelationOrder };

/** GraphQL enums generated from the model tables, so a new kind or relation type appears by itself. */
const asEnum = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n) => [n, n])) as { [K in T]: K };

export const EntityKindEnum = asEnum<EntityKind>(ENTITY_KIND_NAMES);
registerEnumType(EntityKindEnum, {
  name: 'EntityKind',
  description: 'The kinds of entity in the knowledge graph.',
  valuesConfig: Object.fromEntries(ENTITY_KIND_NAMES.map((k) => [k, { description: ENTITY_KINDS[k].description }])),
});

export const RelationTypeEnum = asEnum<RelationType>(RELATION_TYPE_NAMES);
registerEnumType(RelationTypeEnum, {
  name: 'RelationType',
  description: 'The relation types: directed verbs read "from VERB to".',
  valuesConfig: Object.fromEntries(RELATION_TYPE_NAMES.map((t) => [t, { description: RELATION_TYPES[t].description }])),
});

registerEnumType(Direction, {
  name: 'Direction',
  description: 'Which way a relation runs as seen from the entity asked about.',
  valuesConfig: {
    OUT: { description: 'From this entity to the other.' },
    IN: { description: 'From the other entity to this one.' },
    BOTH: { description: 'Either way.' },
  },
});

registerEnumType(RelationOrder, {
  name: 'RelationOrder',
  description: 'Order of related entities; ties are broken by relation id so cursors stay stable.',
  valuesConfig: {
    NAME_ASC: { description: 'By the related entity\u2019s name, A to Z (the default).' },
    NAME_DESC: { description: 'By the related entity\u2019s name, Z to A.' },
    AMOUNT_DESC: { description: 'Largest money amount first; relations without an amount last.' },
    COUNT_DESC: { description: 'Largest count first; relations without a count last.' },
    START_DESC: {
      description:
        'Most recent start first; relations without a start last. Partial dates sort as text: within 2024, 2024-03 comes before 2024 (the less precise date counts as the year\u2019s start).',
    },
  },
});

registerEnumType(EntityOrder, {
  name: 'EntityOrder',
  description: 'Order of entity lists; ties are broken by id.',
  valuesConfig: { NAME_ASC: { description: 'By name, A to Z (the default).' }, NAME_DESC: { description: 'By name, Z to A.' } },
});

/** GraphQL names the statuses in capitals (`UNDER_CONSTRUCTION`); the value resolvers see is the stored string. */
export const ClaimStatusEnum = Object.fromEntries(CLAIM_STATUS_NAMES.map((s) => [claimStatusEnumName(s), s])) as Record<
  string,
  ClaimStatus
>;
registerEnumType(ClaimStatusEnum, {
  name: 'ClaimStatus',
  description: 'What kind of statement a relation or statistic is: a result, or something expected, planned or aimed for.',
  valuesConfig: Object.fromEntries(CLAIM_STATUS_NAMES.map((s) => [claimStatusEnumName(s), { description: CLAIM_STATUSES[s] }])),
});
