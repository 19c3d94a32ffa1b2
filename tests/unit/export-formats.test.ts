import { describe, expect, it } from 'vitest';
import { EDGE_FIELDS, NODE_FIELDS, type ExportEdge, type ExportNode } from '../../src/export/fields.js';
import { graphWriter, type ExportFormat } from '../../src/export/formats/index.js';
import { readCsv, readGexf, readGraphml } from '../support/export-files.js';

/**
 * Each export format written from a small fixed graph, read back by a real parser and checked
 * value by value (no database: the writers only format). The values hold what breaks hand-written
 * writers: XML's special characters, commas and quotes in CSV, Chinese, a control character,
 * numbers, booleans, lists and evidence.
 */
const meta = { description: 'a test graph & <friends>', exportedAt: new Date('2025-06-01T08:00:00Z') };
/** Line breaks, a tab and a carriage return: XML parsers normalise them away unless written as references. */
const NOTE = 'first line\nsecond\tline\r\nthird';
const evidence = [{ sourceId: 'source/s', paragraph: 3, quote: '招宝磁业 "A&B", <c>' }];

const nodes: ExportNode[] = [
  {
    id: 'enterprise/zhaobao-magnet',
    kind: 'Enterprise',
    properties: {
      name: '宁波招宝磁业',
      nameEn: 'Zhaobao, Magnet & Co.',
      aliases: ['招宝', 'a,b;c|d'],
      foundedYear: 2001,
      description: 'bell\u0007 rings',
    },
    evidence,
  },
  {
    id: 'stat/growth',
    kind: 'Statistic',
    properties: { name: '增长', value: -1.5, isChange: true, unit: 'percent', periodLabel: '2025 Q1–Q3', aliases: [] },
    evidence: [],
  },
  { id: 'org/a', kind: 'Organisation', properties: { name: 'A' }, evidence: [] },
];
const edges: ExportEdge[] = [
  {
    id: 'INVESTED_IN:org/a->enterprise/zhaobao-magnet',
    type: 'INVESTED_IN',
    source: 'org/a',
    target: 'enterprise/zhaobao-magnet',
    properties: { amount: 80000000, amountOriginal: 8000, amountOriginalUnit: '万元', currency: 'CNY', note: NOTE },
    evidence,
  },
  {
    id: 'COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab',
    type: 'COOPERATES_WITH',
    source: 'org/a',
    target: 'enterprise/zhaobao-magnet',
    properties: { role: 'joint lab', count: 2 },
    evidence: [],
  },
  { id: 'MEASURES:stat/growth->org/a', type: 'MEASURES', source: 'stat/growth', target: 'org/a', properties: {}, evidence: [] },
];

/** The whole file in one string, in two batches of nodes and of edges as an export writes them. */
function write(format: ExportFormat, part?: 'nodes' | 'edges'): string {
  const w = graphWriter(format, meta, part);
  return [
    w.begin(),
    w.nodes(nodes.slice(0, 2)),
    w.nodes(nodes.slice(2)),
    w.edgesBegin(),
    w.edges(edges.slice(0, 1)),
    w.edges(edges.slice(1)),
    w.end(),
  ].join('');
}

const quoteJson = '[{"source":"source/s","paragraph":3,"quote":"招宝磁业 \\"A&B\\", <c>"}]';

describe('GraphML', () => {
  const graph = readGraphml(write('graphml'));

  it('declares one key per field of the model tables, with GraphML types', () => {
    expect([...graph.declared.node.keys()]).toEqual(NODE_FIELDS.map((f) => f.name));
    expect([...graph.declared.edge.keys()]).toEqual(['id', ...EDGE_FIELDS.map((f) => f.name)]);
    expect(graph.declared.node.get('foundedYear')).toBe('long');
    expect(graph.declared.node.get('value')).toBe('double');
    expect(graph.declared.node.get('isChange')).toBe('boolean');
    expect(graph.declared.edge.get('amount')).toBe('double');
    expect(graph.declared.edge.get('count')).toBe('long');
  });

  it('writes every value exactly, ids as NMTOKENs (/ as :)', () => {
    expect(Object.fromEntries(graph.nodes)).toEqual({
      'enterprise:zhaobao-magnet': {
        kind: 'Enterprise',
        name: '宁波招宝磁业',
        nameEn: 'Zhaobao, Magnet & Co.',
        aliases: '["招宝","a,b;c|d"]',
        foundedYear: '2001',
        description: 'bell rings',
        evidence: quoteJson,
      },
      'stat:growth': {
        kind: 'Statistic',
        name: '增长',
        value: '-1.5',
        isChange: 'true',
        unit: 'percent',
        periodLabel: '2025 Q1–Q3',
        aliases: '[]',
      },
      'org:a': { kind: 'Organisation', name: 'A' },
    });
    expect(Object.fromEntries(graph.edges)).toEqual({
      'INVESTED_IN:org/a->enterprise/zhaobao-magnet': {
        id: 'INVESTED_IN:org/a->enterprise/zhaobao-magnet',
        source: 'org:a',
        target: 'enterprise:zhaobao-magnet',
        type: 'INVESTED_IN',
        amount: '80000000',
        amountOriginal: '8000',
        amountOriginalUnit: '万元',
        currency: 'CNY',
        note: NOTE,
        evidence: quoteJson,
      },
      'COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab': {
        id: 'COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab',
        source: 'org:a',
        target: 'enterprise:zhaobao-magnet',
        type: 'COOPERATES_WITH',
        role: 'joint lab',
        count: '2',
        directed: 'false',
      },
      'MEASURES:stat/growth->org/a': { id: 'MEASURES:stat/growth->org/a', source: 'stat:growth', target: 'org:a', type: 'MEASURES' },
    });
  });
});

describe('GEXF 1.3', () => {
  const text = write('gexf');
  const graph = readGexf(text);

  it('declares node and edge attributes from the model tables, and says what it holds', () => {
    expect([...graph.declared.node.keys()]).toEqual(NODE_FIELDS.map((f) => f.name));
    expect([...graph.declared.edge.keys()]).toEqual(EDGE_FIELDS.map((f) => f.name));
    expect(graph.declared.node.get('foundedYear')).toBe('long');
    expect(graph.declared.node.get('aliases')).toBe('string');
    expect(text).toContain('<description>a test graph &amp; &lt;friends&gt;</description>');
    expect(text).toContain('<meta lastmodifieddate="2025-06-01">');
  });

  it('writes every value exactly; edges carry their type as label and kind, COOPERATES_WITH undirected', () => {
    expect(graph.nodes.get('enterprise/zhaobao-magnet')).toEqual({
      label: '宁波招宝磁业',
      kind: 'Enterprise',
      name: '宁波招宝磁业',
      nameEn: 'Zhaobao, Magnet & Co.',
      aliases: '["招宝","a,b;c|d"]',
      foundedYear: '2001',
      description: 'bell rings',
      evidence: quoteJson,
    });
    expect(graph.nodes.get('stat/growth')).toEqual({
      label: '增长',
      kind: 'Statistic',
      name: '增长',
      value: '-1.5',
      isChange: 'true',
      unit: 'percent',
      periodLabel: '2025 Q1–Q3',
      aliases: '[]',
    });
    expect(graph.edges.get('INVESTED_IN:org/a->enterprise/zhaobao-magnet')).toEqual({
      source: 'org/a',
      target: 'enterprise/zhaobao-magnet',
      type: 'INVESTED_IN',
      amount: '80000000',
      amountOriginal: '8000',
      amountOriginalUnit: '万元',
      currency: 'CNY',
      note: NOTE,
      evidence: quoteJson,
    });
    expect(graph.edgeAttributes.get('COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab')).toEqual({
      id: 'COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab',
      source: 'org/a',
      target: 'enterprise/zhaobao-magnet',
      label: 'COOPERATES_WITH',
      kind: 'COOPERATES_WITH',
      type: 'undirected',
    });
    expect(graph.edges.size).toBe(3);
  });
});

describe('JSON', () => {
  it('holds typed values, absent ones left out', () => {
    const doc = JSON.parse(write('json'));
    expect(doc).toEqual({
      format: 'chainkb-graph',
      version: 1,
      description: meta.description,
      exportedAt: '2025-06-01T08:00:00.000Z',
      nodes: [
        {
          id: 'enterprise/zhaobao-magnet',
          kind: 'Enterprise',
          name: '宁波招宝磁业',
          nameEn: 'Zhaobao, Magnet & Co.',
          aliases: ['招宝', 'a,b;c|d'],
          description: 'bell\u0007 rings',
          foundedYear: 2001,
          evidence: [{ source: 'source/s', paragraph: 3, quote: '招宝磁业 "A&B", <c>' }],
        },
        {
          id: 'stat/growth',
          kind: 'Statistic',
          name: '增长',
          aliases: [],
          value: -1.5,
          unit: 'percent',
          isChange: true,
          periodLabel: '2025 Q1–Q3',
        },
        { id: 'org/a', kind: 'Organisation', name: 'A' },
      ],
      edges: [
        {
          id: 'INVESTED_IN:org/a->enterprise/zhaobao-magnet',
          source: 'org/a',
          target: 'enterprise/zhaobao-magnet',
          type: 'INVESTED_IN',
          amount: 80000000,
          amountOriginal: 8000,
          amountOriginalUnit: '万元',
          currency: 'CNY',
          note: NOTE,
          evidence: [{ source: 'source/s', paragraph: 3, quote: '招宝磁业 "A&B", <c>' }],
        },
        {
          id: 'COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab',
          source: 'org/a',
          target: 'enterprise/zhaobao-magnet',
          type: 'COOPERATES_WITH',
          role: 'joint lab',
          count: 2,
        },
        { id: 'MEASURES:stat/growth->org/a', source: 'stat/growth', target: 'org/a', type: 'MEASURES' },
      ],
    });
  });
});

describe('CSV', () => {
  it('nodes: one column per field, lists and evidence as JSON, read back by csv-parse', () => {
    const rows = readCsv(write('csv', 'nodes'));
    expect(Object.keys(rows[0]!)).toEqual(['id', ...NODE_FIELDS.map((f) => f.name)]);
    const filled = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')));
    expect(filled).toEqual([
      {
        id: 'enterprise/zhaobao-magnet',
        kind: 'Enterprise',
        name: '宁波招宝磁业',
        nameEn: 'Zhaobao, Magnet & Co.',
        aliases: '["招宝","a,b;c|d"]',
        description: 'bell\u0007 rings',
        foundedYear: '2001',
        evidence: quoteJson,
      },
      {
        id: 'stat/growth',
        kind: 'Statistic',
        name: '增长',
        aliases: '[]',
        value: '-1.5',
        unit: 'percent',
        isChange: 'true',
        periodLabel: '2025 Q1–Q3',
      },
      { id: 'org/a', kind: 'Organisation', name: 'A' },
    ]);
  });

  it('edges: id, source, target, type and the relation properties', () => {
    const rows = readCsv(write('csv', 'edges'));
    expect(Object.keys(rows[0]!)).toEqual(['id', 'source', 'target', ...EDGE_FIELDS.map((f) => f.name)]);
    expect(rows.map((r) => [r.id, r.type, r.amount, r.role, r.note, r.evidence])).toEqual([
      ['INVESTED_IN:org/a->enterprise/zhaobao-magnet', 'INVESTED_IN', '80000000', '', NOTE, quoteJson],
      ['COOPERATES_WITH:org/a->enterprise/zhaobao-magnet#joint lab', 'COOPERATES_WITH', '', 'joint lab', '', ''],
      ['MEASURES:stat/growth->org/a', 'MEASURES', '', '', '', ''],
    ]);
    expect(rows.map((r) => [r.source, r.target])).toEqual([
      ['org/a', 'enterprise/zhaobao-magnet'],
      ['org/a', 'enterprise/zhaobao-magnet'],
      ['stat/growth', 'org/a'],
    ]);
  });
});
