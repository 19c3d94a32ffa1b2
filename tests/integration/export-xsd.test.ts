import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_FIELD } from '../../src/model/properties.js';
import { graphWriter } from '../../src/export/formats/index.js';
import type { ExportEdge, ExportNode } from '../../src/export/fields.js';
import { startTestServer } from '../support/server.js';
import { schemaDir, validateAgainstSchema, type XmlFormat } from '../support/xsd.js';

/**
 * Every GraphML and GEXF export validated against the formats' XML schemas by libxml2's xmllint
 * (tests/support/xsd.ts): each scope of GET /export and the explorer's POST /export on the seed,
 * with evidence and statistics in them, and the values that break hand-written XML. The validator
 * is shown to refuse documents that break the schemas, so these tests can fail. GEXF's run only
 * where CHAINKB_XSD_DIR provides its schemas (no registry distributes them); skipped otherwise.
 */
const ZHAOBAO = 'enterprise/zhaobao-magnet';
const FUND = 'fund/ruxin-zhaobao-fund';
const INVESTED = `INVESTED_IN:${FUND}->${ZHAOBAO}`;
const RELATIONS = {
  from: { kinds: ['ResearchInstitute'] },
  steps: [{ types: ['LICENSED_PATENTS_TO'] }],
  to: { designation: 'designation/single-champion' },
};
const SCOPES: [string, string][] = [
  ['the whole graph', ''],
  ['a neighbourhood', `neighbourhood=${ZHAOBAO}&depth=2`],
  ['a search', `search=${encodeURIComponent('招宝')}&first=5`],
  ['a chain', 'chain=chain/new-materials'],
  ['findRelations matches', `relations=${encodeURIComponent(JSON.stringify(RELATIONS))}`],
];
const FORMATS: XmlFormat[] = ['graphml', 'gexf'];
/** Whether `format`'s schemas are here (GEXF's: see tests/support/xsd.ts). */
const unavailable = (format: XmlFormat) => schemaDir(format) === null;

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.stop();
});

/** What the file holds beyond plain entities: the tests must cover evidence and statistics, not only validate empty shells. */
function contents(format: XmlFormat, text: string) {
  const evidenceKey = format === 'graphml' ? `key="e_${EVIDENCE_FIELD.name}"` : `for="${EVIDENCE_FIELD.name}"`;
  return {
    evidence: text.includes(evidenceKey),
    statistic: text.includes(format === 'graphml' ? 'id="stat:' : 'id="stat/'),
    relation: text.includes('<edge '),
  };
}

describe.each(FORMATS)('%s exports validate against the schema', (format) => {
  it.skipIf(unavailable(format)).each(SCOPES)('%s', async (_scope, query) => {
    const res = await fetch(`${app.server.url}/export?format=${format}${query ? `&${query}` : ''}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(contents(format, text)).toEqual({ evidence: true, statistic: true, relation: true });
    expect(await validateAgainstSchema(format, text)).toEqual({ valid: true, errors: [] });
  });

  it.skipIf(unavailable(format))("the explorer's view (POST /export)", async () => {
    const res = await fetch(`${app.server.url}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format, ids: [ZHAOBAO, FUND], relationIds: [INVESTED] }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(contents(format, text)).toEqual({ evidence: true, statistic: true, relation: true });
    expect(await validateAgainstSchema(format, text)).toEqual({ valid: true, errors: [] });
  });
});

describe('values that break hand-written XML', () => {
  const evidence = [{ sourceId: 'source/s', paragraph: 3, quote: '招宝磁业 "A&B", <c>' }];
  const nodes: ExportNode[] = [
    {
      id: 'enterprise/zhaobao-magnet',
      kind: 'Enterprise',
      properties: {
        name: '宁波招宝磁业 & <co>',
        aliases: ['招宝', 'a,b;c|d'],
        foundedYear: 2001,
        description: 'bell\u0007 rings\r\n\ttwice',
      },
      evidence,
    },
    { id: 'stat/growth', kind: 'Statistic', properties: { name: '增长', value: -1.5, isChange: true, unit: 'percent' }, evidence: [] },
  ];
  const edges: ExportEdge[] = [
    {
      id: 'COOPERATES_WITH:stat/growth->enterprise/zhaobao-magnet#"joint" lab',
      type: 'COOPERATES_WITH',
      source: 'stat/growth',
      target: 'enterprise/zhaobao-magnet',
      properties: { role: 'joint "lab"', count: 2, note: 'a\nb' },
      evidence,
    },
  ];
  for (const format of FORMATS)
    it.skipIf(unavailable(format))(format, async () => {
      const w = graphWriter(format, { description: 'a test graph & <friends>', exportedAt: new Date('2025-06-01T08:00:00Z') });
      const text = [w.begin(), w.nodes(nodes), w.edgesBegin(), w.edges(edges), w.end()].join('');
      expect(await validateAgainstSchema(format, text)).toEqual({ valid: true, errors: [] });
    });
});

describe('the validator refuses what breaks the schemas', () => {
  const small = (format: XmlFormat) => {
    const w = graphWriter(format, { description: 'two entities', exportedAt: new Date('2025-06-01T08:00:00Z') });
    const node = (id: string): ExportNode => ({ id, kind: 'Enterprise', properties: { name: id }, evidence: [] });
    const edge: ExportEdge = {
      id: 'USES:enterprise/a->enterprise/b',
      type: 'USES',
      source: 'enterprise/a',
      target: 'enterprise/b',
      properties: {},
      evidence: [],
    };
    return [w.begin(), w.nodes([node('enterprise/a'), node('enterprise/b')]), w.edgesBegin(), w.edges([edge]), w.end()].join('');
  };

  it('GraphML: a node without its required id, a key of a type GraphML lacks', async () => {
    const text = small('graphml');
    expect(await validateAgainstSchema('graphml', text)).toEqual({ valid: true, errors: [] });
    const broken = text.replace('<node id="enterprise:a">', '<node>').replace('attr.type="long"', 'attr.type="integer"');
    const result = await validateAgainstSchema('graphml', broken);
    expect(result.valid).toBe(false);
    // The errors a schema must report for these two breaks (the schema may add that the edge now names no node).
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "line 21: Schemas validity error : Element '{http://graphml.graphdrawing.org/xmlns}key', attribute 'attr.type': [facet 'enumeration'] The value 'integer' is not an element of the set {'boolean', 'int', 'long', 'float', 'double', 'string'}.",
        "line 143: Schemas validity error : Element '{http://graphml.graphdrawing.org/xmlns}node': The attribute 'id' is required but missing.",
      ]),
    );
  });

  it.skipIf(unavailable('gexf'))('GEXF: a node without its required id, an edge type GEXF lacks', async () => {
    const text = small('gexf');
    expect(await validateAgainstSchema('gexf', text)).toEqual({ valid: true, errors: [] });
    const broken = text.replace('<node id="enterprise/a"', '<node').replace('<edge id=', '<edge type="sideways" id=');
    const result = await validateAgainstSchema('gexf', broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      "line 58: Schemas validity error : Element '{http://gexf.net/1.3}node': The attribute 'id' is required but missing.",
      "line 72: Schemas validity error : Element '{http://gexf.net/1.3}edge', attribute 'type': [facet 'enumeration'] The value 'sideways' is not an element of the set {'directed', 'undirected', 'mutual'}.",
    ]);
  });
});
