import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/generate/corpus.js';
import { parseGenerateArgs, UsageError } from '../../src/generate/cli-options.js';
import { GraphGenerator } from '../../src/generate/generator.js';
import { kindCounts } from '../../src/generate/plan.js';
import { Checkpoint, CheckpointMismatchError } from '../../src/ingest/checkpoint.js';
import { CsvFormatError, CsvWriter, NODE_HEADER, RELATIONSHIP_HEADER } from '../../src/ingest/csv.js';
import { entityStatement, relationStatement } from '../../src/ingest/cypher.js';
import { checkEntityRow, checkRelationRow, IngestRowError, type EntityRow, type RelationRow } from '../../src/ingest/rows.js';
import { ENTITY_KIND_NAMES } from '../../src/model/entity-kinds.js';
import { DEFAULT_SEED_DIR, validSeed } from '../../src/seed/run.js';
import type { SeedData } from '../../src/seed/validate.js';

/** The generator's rows without a database: deterministic, valid for the model, shaped like the seed. */
let seedData: SeedData;
let entities: EntityRow[];
let relations: RelationRow[];
let generator: GraphGenerator;

beforeAll(async () => {
  seedData = await validSeed(DEFAULT_SEED_DIR);
  generator = new GraphGenerator({ seed: 42, entities: 2000, seedData });
  entities = [...generator.entityRows()];
  relations = [...generator.relationRows()];
});

describe('generated rows', () => {
  it('are the same for the same seed, byte for byte, and differ for another seed', () => {
    const again = new GraphGenerator({ seed: 42, entities: 2000, seedData });
    expect(JSON.stringify([...again.entityRows()])).toBe(JSON.stringify(entities));
    expect(JSON.stringify([...again.relationRows()])).toBe(JSON.stringify(relations));
    const other = new GraphGenerator({ seed: 43, entities: 2000, seedData });
    expect([...other.entityRows()].slice(0, 50).map((r) => r.props.name)).not.toEqual(entities.slice(0, 50).map((r) => r.props.name));
  });

  it('hold the requested number of entities, every kind, and every relation type the seed uses', () => {
    expect(entities).toHaveLength(2000);
    expect(new Set(entities.map((r) => r.kind))).toEqual(new Set(ENTITY_KIND_NAMES));
    const seedTypes = new Set([...seedData.relations.map((r) => r.type), 'MEASURES']);
    const types = new Set(relations.map((r) => r.type));
    for (const type of seedTypes) expect(types, type).toContain(type);
    expect(relations.length / entities.length).toBeGreaterThan(2.2);
    expect(relations.length / entities.length).toBeLessThan(3);
  });

  it('pass the model checks the bulk writer applies, with unique ids and no symmetric pair twice', () => {
    for (const row of entities) checkEntityRow(row);
    for (const row of relations) checkRelationRow(row);
    const ids = new Set([...seedData.entities.map((e) => e.id), ...entities.map((r) => r.props.id)]);
    expect(ids.size).toBe(seedData.entities.length + entities.length);
    const relationIds = new Set(relations.map((r) => r.props.id));
    expect(relationIds.size).toBe(relations.length);
    for (const r of relations.filter((x) => x.type === 'COOPERATES_WITH'))
      expect(relationIds.has(`COOPERATES_WITH:${r.to}->${r.from}`)).toBe(false);
    const allIds = new Set([...ids, ...seedData.sources.map((s) => s.id), ...seedData.statistics.map((s) => s.id)]);
    for (const r of relations) expect(allIds.has(r.from) && allIds.has(r.to), r.props.id).toBe(true);
  });

  it("cite evidence whose quote is in that paragraph of a generated source (the seed validator's rule)", () => {
    const texts = new Map(entities.filter((r) => r.kind === 'SourceDocument').map((r) => [r.props.id, String(r.props.text).split('\n')]));
    for (const row of [...relations, ...entities.filter((r) => r.kind !== 'SourceDocument')]) {
      const [source] = row.props.evidenceSources as string[];
      const [paragraph] = row.props.evidenceParagraphs as number[];
      const [quote] = row.props.evidenceQuotes as string[];
      expect(texts.get(source!)?.[paragraph! - 1], row.props.id).toContain(quote);
    }
  });

  it('are skewed: the biggest hub holds far more than an average entity', () => {
    const summary = generator.summary();
    const average = (2 * relations.length) / (entities.length + seedData.entities.length);
    expect(summary.maxDegree.degree).toBeGreaterThan(50 * average);
    expect(kindCounts(1_000_000).Enterprise).toBeGreaterThan(500_000);
  });

  it('name firms the way a registry does: Chinese with pinyin/English forms and short aliases', () => {
    const firm = entities.find((r) => r.kind === 'Enterprise')!.props;
    expect(firm.name).toMatch(/^[\u4e00-\u9fff]+(股份有限公司|有限公司|集团有限公司)$/);
    expect(firm.nameEn).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ .+ (Group )?Co\., Ltd\.$/);
    expect((firm.aliases as string[]).length).toBeGreaterThanOrEqual(2);
    expect(firm.aliasText).toBe((firm.aliases as string[]).join(' ; '));
    expect(Corpus.text(1).split('\n').length).toBeGreaterThan(40);
  });
});

describe('bulk-write rows and statements', () => {
  it('refuse kinds, types and properties the model does not allow, naming them', () => {
    expect(() => checkEntityRow({ kind: 'Company' as never, props: { id: 'company/x', name: 'x' } })).toThrow(
      /unknown entity kind "Company"/,
    );
    expect(() => entityStatement('Enterprise) DETACH DELETE (m', 'create')).toThrow(IngestRowError);
    expect(() => relationStatement('KNOWS', 'create')).toThrow(/unknown relation type "KNOWS"/);
    const evidence = { evidenceSources: ['source/s'], evidenceParagraphs: [1], evidenceQuotes: ['ab'] };
    const row: RelationRow = { type: 'INVESTED_IN', from: 'fund/f', to: 'enterprise/e', props: { id: 'x', currency: 'CNY', ...evidence } };
    expect(() => checkRelationRow(row)).toThrow(/INVESTED_IN requires amount/);
    expect(() => checkRelationRow({ ...row, props: { ...row.props, amount: 1, title: 'ceo' } })).toThrow(/does not take title/);
    expect(() => checkRelationRow({ ...row, props: { id: 'x', amount: 1, currency: 'CNY' } })).toThrow(/evidence is required/);
    expect(() => checkRelationRow({ ...row, from: 'person/p', props: { ...row.props, amount: 1 } })).toThrow(/cannot start at a Person/);
  });

  it('are one parameterised text per label or type', () => {
    expect(entityStatement('Enterprise', 'create')).toBe('UNWIND $rows AS row CREATE (n:Entity:Enterprise) SET n = row');
    expect(relationStatement('IN_CHAIN', 'merge')).toContain('MERGE (a)-[r:IN_CHAIN {id: row.props.id}]->(b)');
  });
});

describe('CSV for neo4j-admin import', () => {
  it('has the header columns the import tool expects', () => {
    expect(NODE_HEADER.slice(0, 2)).toEqual(['id:ID', ':LABEL']);
    expect(NODE_HEADER).toContain('aliases:string[]');
    expect(NODE_HEADER).toContain('evidenceParagraphs:double[]');
    expect(RELATIONSHIP_HEADER.slice(0, 3)).toEqual([':START_ID', ':END_ID', ':TYPE']);
    expect(RELATIONSHIP_HEADER).toContain('amount:double');
    expect(RELATIONSHIP_HEADER).toContain('evidenceQuotes:string[]');
  });

  it('writes a header file and a data file per label and type, arrays joined by ;', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-csv-'));
    try {
      const csv = await CsvWriter.create(dir);
      await csv.writeEntities(entities.filter((r) => r.kind === 'Enterprise').slice(0, 2));
      await csv.writeRelations(relations.filter((r) => r.type === 'INVESTED_IN').slice(0, 1));
      await expect(csv.writeEntities([{ kind: 'Enterprise', props: { id: 'enterprise/x', name: 'x', aliases: ['a;b'] } }])).rejects.toThrow(
        CsvFormatError,
      );
      await csv.close();
      expect((await readFile(path.join(dir, 'nodes-header.csv'), 'utf8')).trim()).toBe(NODE_HEADER.join(','));
      const firm = (await readFile(path.join(dir, 'nodes-data-Enterprise.csv'), 'utf8')).split('\n')[0]!;
      const props = entities.find((r) => r.kind === 'Enterprise')!.props;
      expect(firm.startsWith(`${props.id},Entity;Enterprise,${props.name},`)).toBe(true);
      expect(firm).toContain((props.aliases as string[]).join(';'));
      expect(await readFile(path.join(dir, 'relationships-data-INVESTED_IN.csv'), 'utf8')).toMatch(/^fund\/|^enterprise\//);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoint and command line', () => {
  it("records batches done out of order, survives a reopen and refuses another run's file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-checkpoint-'));
    try {
      const file = path.join(dir, 'c.json');
      const checkpoint = await Checkpoint.open(file, 'run a');
      await checkpoint.markDone(0);
      await checkpoint.markDone(2);
      const reopened = await Checkpoint.open(file, 'run a');
      expect([0, 1, 2].map((i) => reopened.isDone(i))).toEqual([true, false, true]);
      expect(reopened.frontier).toBe(3);
      await expect(Checkpoint.open(file, 'run b')).rejects.toThrow(CheckpointMismatchError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('parses the options and names what is wrong', () => {
    expect(parseGenerateArgs(['--entities', '1000', '--seed=7', '--csv', 'out', '--csv-only'])).toMatchObject({
      entities: 1000,
      seed: 7,
      csv: 'out',
      csvOnly: true,
    });
    expect(() => parseGenerateArgs(['--entities', '1e6'])).toThrow(/--entities must be a whole number/);
    expect(() => parseGenerateArgs(['--seed', '1'])).toThrow(/--entities N is required/);
    expect(() => parseGenerateArgs(['--entities', '100', '--fast'])).toThrow(UsageError);
  });
});
