import { describe, expect, it } from 'vitest';
import { matchClause } from '../../../src/queries/graph-paths.js';

/** Claim statuses in relation queries, as text and parameters without a database. */
describe('findRelations with a status filter on a step', () => {
  it('is a condition on that step\u2019s relation, the statuses a parameter; steps without one are unconditioned', () => {
    const { cypher, params } = matchClause({
      from: { kinds: ['Fund'] },
      steps: [
        { types: ['INVESTED_IN'], direction: 'OUT', status: ['forecast', 'planned'] },
        { types: ['IN_CHAIN'], direction: 'OUT' },
      ],
      to: null,
    });
    expect(cypher).toMatchInlineSnapshot(`
      "MATCH p = (n0:Entity)-[r1:INVESTED_IN]->(n1:Entity)-[r2:IN_CHAIN]->(n2:Entity)
          WHERE n0:Fund AND true AND true AND coalesce(r1.status, 'actual') IN $status1 AND true"
    `);
    expect(params).toMatchObject({ status1: ['forecast', 'planned'] });
    expect(params).not.toHaveProperty('status2');
  });
});
