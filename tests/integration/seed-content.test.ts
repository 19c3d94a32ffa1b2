import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../src/neo4j/database.js';
import { DEFAULT_SEED_DIR } from '../../src/seed/run.js';
import { testDatabase } from '../global-setup.js';

/**
 * What the global setup loaded from seed/ is in Neo4j, complete and exact. Read-only.
 * The expected numbers are counted once from the seed and written down here, so a fact that is
 * lost or written twice fails a test instead of moving the expectation with it.
 */
const SOURCE_ID = 'source/ningbo-champion-city-2025';
const SOURCE_TEXT = readFileSync(path.join(DEFAULT_SEED_DIR, 'sources/000_af9f4a4ab9fcd3f0.txt'), 'utf8');
const SOURCE_LINES = SOURCE_TEXT.split('\n');

type Fact =
  | { kind: 'relation'; type: string; from: string; to: string; props: Record<string, unknown>; paragraph: number }
  | { kind: 'statistic'; id: string; subject: string; value: number; unit: string; paragraph: number };
const FACTS = (parse(readFileSync(path.join(import.meta.dirname, '../fixtures/sample-facts.yaml'), 'utf8')) as { facts: Fact[] }).facts;
const RELATION_FACTS = FACTS.filter((f) => f.kind === 'relation');
const STATISTIC_FACTS = FACTS.filter((f) => f.kind === 'statistic');

let db: Database;
beforeAll(() => {
  db = testDatabase(inject('neo4jUri'));
});
afterAll(() => db?.close());

async function rows<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await db.read({ cypher, params });
  return result.records.map((r) => r.toObject() as T);
}

describe('the seeded graph has exactly the curated facts', () => {
  it('has every node once, with the entity label and one kind label', async () => {
    const counts = await rows<{ label: string; n: number }>(
      'MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label',
    );
    expect(Object.fromEntries(counts.map((c) => [c.label, c.n]))).toEqual({
      Entity: 193,
      Alliance: 4,
      Community: 4,
      Designation: 10,
      Enterprise: 8,
      Event: 5,
      Fund: 1,
      IndustrialChain: 11,
      IndustrialCluster: 6,
      Organisation: 3,
      PartyOrganisation: 7,
      PatentPortfolio: 1,
      Person: 13,
      Place: 8,
      Policy: 25,
      Product: 13,
      Region: 10,
      ResearchInstitute: 2,
      SourceDocument: 1,
      Statistic: 61,
    });
    expect(
      await rows('MATCH (n) WHERE size(labels(n)) <> 2 OR NOT n:Entity OR n.seeded <> true OR n.seedHash IS NULL RETURN n.id AS id'),
    ).toEqual([]);
  });

  it('has every relation once, one MEASURES per statistic', async () => {
    const counts = await rows<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type');
    expect(Object.fromEntries(counts.map((c) => [c.type, c.n]))).toEqual({
      APPLIES_TO: 5,
      AUTHORED: 8,
      BELONGS_TO: 7,
      CONNECTS: 2,
      COOPERATES_WITH: 1,
      COVERS: 6,
      DEVELOPED: 8,
      DRIVES: 5,
      HOLDS_DESIGNATION: 13,
      HOLDS_POSITION: 9,
      INITIATED: 6,
      INVESTED_IN: 1,
      IN_CHAIN: 26,
      ISSUED: 4,
      LEADS_CHAIN: 2,
      LICENSED_PATENTS_TO: 1,
      LOCATED_IN: 33,
      MEASURES: 61,
      MEMBER_OF: 1,
      OFFERS: 1,
      PARTICIPATED_IN: 11,
      PART_OF: 20,
      PRODUCES: 6,
      RESULTED_IN: 5,
      RUNS: 22,
      SERVES: 3,
      SUBSIDIARY_OF: 1,
      SUPPORTED: 3,
      USES: 1,
    });
    expect(
      await rows(`MATCH (s:Statistic) WHERE count { (s)-[:MEASURES]->() } <> 1 OR NOT EXISTS { (s)-[:MEASURES]->({id: s.subjectId}) }
        RETURN s.id AS id`),
    ).toEqual([]);
  });

  it('gives every relation the id TYPE:from->to, plus #role or #title when it has one', async () => {
    const all = await rows<{ id: string; type: string; from: string; to: string; role: string | null; title: string | null }>(
      'MATCH (a)-[r]->(b) RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, r.role AS role, r.title AS title',
    );
    expect(all).toHaveLength(272);
    const wrong = all.filter((r) => r.id !== `${r.type}:${r.from}->${r.to}${(r.role ?? r.title) ? `#${r.role ?? r.title}` : ''}`);
    expect(wrong).toEqual([]);
    expect(await rows('MATCH ()-[r]->() WITH r.id AS id, count(*) AS n WHERE n > 1 RETURN id')).toEqual([]);
  });
});

describe('the sample facts (tests/fixtures/sample-facts.yaml)', () => {
  it('are all read from the fixture', () => {
    expect([RELATION_FACTS.length, STATISTIC_FACTS.length]).toEqual([65, 34]);
  });

  it.each(RELATION_FACTS.map((f) => [`${f.type} ${f.from} -> ${f.to} ${JSON.stringify(f.props)}`, f] as const))(
    'relation %s',
    async (_, fact) => {
      if (fact.kind !== 'relation') throw new Error('not a relation');
      const found = await rows<{ props: Record<string, unknown> }>(
        'MATCH (:Entity {id: $from})-[r]->(:Entity {id: $to}) WHERE type(r) = $type RETURN properties(r) AS props',
        fact,
      );
      const matching = found.filter((r) => Object.entries(fact.props).every(([k, v]) => r.props[k] === v));
      expect(matching).toHaveLength(1);
      expect(matching[0]!.props).toMatchObject(fact.props);
      expect(matching[0]!.props.evidenceParagraphs).toContain(fact.paragraph);
    },
  );

  it.each(STATISTIC_FACTS.map((f) => [f.kind === 'statistic' ? f.id : '', f] as const))('statistic %s', async (_, fact) => {
    if (fact.kind !== 'statistic') throw new Error('not a statistic');
    const found = await rows<{ subject: string; value: number; unit: string; paragraphs: number[] }>(
      `MATCH (s:Entity:Statistic {id: $id})-[:MEASURES]->(subject:Entity)
       RETURN subject.id AS subject, s.value AS value, s.unit AS unit, s.evidenceParagraphs AS paragraphs`,
      fact,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: fact.subject, value: fact.value, unit: fact.unit });
    expect(found[0]!.paragraphs).toContain(fact.paragraph);
  });
});

describe('evidence', () => {
  type Evidenced = { what: string; sources: string[]; paragraphs: number[]; quotes: string[] };
  const evidenced = async () => [
    ...(await rows<Evidenced>(
      `MATCH (n) WHERE NOT n:SourceDocument
       RETURN n.id AS what, n.evidenceSources AS sources, n.evidenceParagraphs AS paragraphs, n.evidenceQuotes AS quotes`,
    )),
    ...(await rows<Evidenced>(
      'MATCH ()-[r]->() RETURN r.id AS what, r.evidenceSources AS sources, r.evidenceParagraphs AS paragraphs, r.evidenceQuotes AS quotes',
    )),
  ];

  it('every entity, statistic and relation has at least one, as three lists of the same length', async () => {
    const all = await evidenced();
    expect(all).toHaveLength(192 + 272);
    const bad = all.filter(
      (e) => !(e.quotes?.length >= 1 && e.sources?.length === e.quotes.length && e.paragraphs?.length === e.quotes.length),
    );
    expect(bad.map((e) => e.what)).toEqual([]);
  });

  it('every quote is verbatim in its paragraph (line) of the source text', async () => {
    const all = await evidenced();
    const quotes = all.flatMap((e) =>
      e.quotes.map((quote, i) => ({ what: e.what, source: e.sources[i], paragraph: e.paragraphs[i]!, quote })),
    );
    expect(quotes).toHaveLength(248 + 316);
    const notInSource = quotes.filter((q) => q.source !== SOURCE_ID || !SOURCE_LINES[q.paragraph - 1]?.includes(q.quote));
    expect(notInSource).toEqual([]);
  });

  it('the source document holds the source text unchanged', async () => {
    expect(
      await rows('MATCH (s:SourceDocument) RETURN s.id AS id, s.file AS file, s.text = $text AS sameText', { text: SOURCE_TEXT }),
    ).toEqual([{ id: SOURCE_ID, file: 'sources/000_af9f4a4ab9fcd3f0.txt', sameText: true }]);
  });
});

describe('money', () => {
  const FACTOR: Record<string, number> = { 万元: 1e4, 亿元: 1e8, 万亿元: 1e12 };

  it('every money statistic is in yuan, CNY, and equals the printed figure times its unit', async () => {
    const money = await rows<{ id: string; value: number; unit: string; currency: string; originalValue: number; originalUnit: string }>(
      `MATCH (s:Statistic) WHERE s.unit = 'yuan' OR s.currency IS NOT NULL OR s.originalUnit ENDS WITH '元'
       RETURN s.id AS id, s.value AS value, s.unit AS unit, s.currency AS currency, s.originalValue AS originalValue, s.originalUnit AS originalUnit
       ORDER BY id`,
    );
    expect(money.map((s) => s.id)).toEqual([
      'stat/chain-wide-sharing-cost-savings',
      'stat/green-power-sharing-savings',
      'stat/lingfeng-park-output-2020',
      'stat/lingfeng-park-output-2024',
      'stat/naida-output-2024',
      'stat/ningbo-industrial-value-added-2024',
      'stat/ningbo-nev-city-target',
      'stat/ningbo-nev-exports-2025-jan-oct',
      'stat/petrochemical-pipeline-cost-savings',
      'stat/ruxin-fund-size',
      'stat/zhaobao-base-expected-sales',
      'stat/zhaobao-extra-revenue-from-patents',
    ]);
    for (const s of money) {
      expect({ id: s.id, unit: s.unit, currency: s.currency }).toEqual({ id: s.id, unit: 'yuan', currency: 'CNY' });
      expect(Math.round(s.originalValue * FACTOR[s.originalUnit]!), s.id).toBe(s.value);
    }
  });

  it('the one money relation carries amount, currency and the printed figure', async () => {
    expect(
      await rows(
        'MATCH ()-[r]->() WHERE r.amount IS NOT NULL OR r.currency IS NOT NULL RETURN r {.id, .amount, .currency, .amountOriginal, .amountOriginalUnit} AS r',
      ),
    ).toEqual([
      {
        r: {
          id: 'INVESTED_IN:fund/ruxin-zhaobao-fund->enterprise/zhaobao-magnet',
          amount: 80_000_000,
          currency: 'CNY',
          amountOriginal: 8000,
          amountOriginalUnit: '万元',
        },
      },
    ]);
  });
});

describe('names and aliases', () => {
  const entity = async (id: string) =>
    (
      await rows<{ e: Record<string, unknown> }>('MATCH (n:Entity {id: $id}) RETURN n {.name, .nameEn, .aliases, .aliasText} AS e', { id })
    )[0]?.e;

  it('keeps the official name, the English name and every alias', async () => {
    expect(await entity('enterprise/zhaobao-magnet')).toEqual({
      name: '宁波招宝磁业股份有限公司',
      nameEn: 'Ningbo Zhaobao Magnet Co., Ltd.',
      aliases: ['招宝磁业', '招宝磁业股份有限公司', 'Zhaobao Magnet', 'Zhaobao Ciye', 'Ningbo Zhaobao Magnetic'],
      aliasText: '招宝磁业 ; 招宝磁业股份有限公司 ; Zhaobao Magnet ; Zhaobao Ciye ; Ningbo Zhaobao Magnetic',
    });
    expect(await entity('person/chen-wei')).toEqual({ name: '陈威', nameEn: 'Chen Wei', aliases: ['Chen Wei'], aliasText: 'Chen Wei' });
  });

  it('finds well-known short names among the aliases', async () => {
    const cases: [string, string, string][] = [
      ['enterprise/zhenhai-refining', '镇海炼化', 'Sinopec Zhenhai Refining & Chemical'],
      ['institute/nimte', '中科院宁波材料所', 'NIMTE'],
      ['chain/new-materials', '高端新材料', '新材料产业链'],
      ['region/ningbo', '宁波', '冠军之城'],
      ['fund/ruxin-zhaobao-fund', '宁波汝鑫招宝基金', '汝鑫基金'],
      ['designation/single-champion', '国家级制造业单项冠军示范企业', '单项冠军'],
    ];
    for (const [id, name, alias] of cases) {
      const e = await entity(id);
      expect({ id, name: e?.name }).toEqual({ id, name });
      expect(e?.aliases, id).toContain(alias);
      expect(String(e?.aliasText).split(' ; '), id).toEqual(e?.aliases);
    }
  });
});
