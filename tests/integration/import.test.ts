import { ENTITY_KIND_NAMES } from '../../src/model/entity-kinds.js';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey, parseApiKeys } from '../../src/auth/keys.js';
import { DEFAULT_IMPORT_MAX_UPLOAD_BYTES, loadConfig } from '../../src/config.js';
import { importRouter, type Authorize, type ImportRouteOptions } from '../../src/http/import-route.js';
import { importFile, reportLines, type ImportReport } from '../../src/import/run.js';
import type { RowOutcome } from '../../src/import/apply.js';
import { createLogger } from '../../src/logger.js';
import { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { applySchema } from '../../src/neo4j/schema.js';
import { DEFAULT_SEED_DIR, seedDatabase } from '../../src/seed/run.js';
import { graphFingerprint } from '../support/fingerprint.js';
import { waitFor } from '../support/process.js';
import { startTestServer } from '../support/server.js';

/**
 * `npm run import` into its own throwaway Neo4j (imports change the graph; the suite's shared one
 * holds the seed that other files read): every bad row reported before anything is written,
 * resolution of a duplicate by a traditional-Chinese alias, dry-run accuracy, re-import changing
 * nothing, and the all-or-nothing rule for an interrupted import and for one killed with SIGKILL.
 */
const log = createLogger('warn');
const CLI = path.resolve(import.meta.dirname, '../../dist/src/import/cli.js');
const SOURCE = 'source/ningbo-champion-city-2025';
const EVIDENCE = [{ source: SOURCE, paragraph: 28, quote: '宁波招宝磁业股份有限公司是国家级制造业单项冠军示范企业' }];
let neo4j: EmbeddedNeo4j;
let db: Database;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-import-'));
  neo4j = await startEmbeddedNeo4j({
    port: await freePort(),
    dataDir: path.join(dir, 'neo4j'),
    log,
    memory: {
      heap: process.env.NEO4J_EMBEDDED_HEAP ?? '1g',
      pagecache: process.env.NEO4J_EMBEDDED_PAGECACHE ?? '256m',
      transactionMemoryMax: '512m',
    },
  });
  db = new Database(neo4j.uri, neo4j, { database: undefined, queryTimeoutMs: 120_000, connectTimeoutMs: 30_000 }, log);
  await applySchema(db);
  await seedDatabase(db, log);
}, 300_000);

afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  await rm(dir, { recursive: true, force: true });
});

const file = async (name: string, text: string) => {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
};
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const counts = (r: ImportReport) => ({ entities: r.entities, statistics: r.statistics, relations: r.relations });
const entity = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: id.startsWith('product/') ? 'Product' : 'Enterprise',
  name,
  nameEn: `${name} (en)`,
  description: 'Imported in a test.',
  evidence: EVIDENCE,
  ...extra,
});
const one = async (cypher: string, params: Record<string, unknown> = {}) => (await db.read({ cypher, params })).records[0]?.toObject();

describe('validation first', () => {
  it('reports every bad row with its line and reason, and writes nothing', async () => {
    const before = await graphFingerprint(db);
    const f = await file(
      'bad.ndjson',
      [
        JSON.stringify(entity('enterprise/fine-one', '宁波完好公司')),
        '{"id": "enterprise/broken", ',
        JSON.stringify({ ...entity('enterprise/no-name', 'x'), name: '' }),
        JSON.stringify(entity('enterprise/fine-one', '宁波重复公司')),
        JSON.stringify({ type: 'INVESTED_IN', from: 'enterprise/fine-one', to: 'enterprise/nowhere', evidence: EVIDENCE }),
        JSON.stringify({
          type: 'LOCATED_IN',
          from: 'enterprise/fine-one',
          to: 'region/ningbo',
          evidence: [{ ...EVIDENCE[0], quote: '不在这一段' }],
        }),
        JSON.stringify({ type: 'LOCATED_IN', from: 'enterprise/fine-one', to: 'region/nowhere', evidence: EVIDENCE }),
        JSON.stringify({ ...entity('enterprise/bad-category', '宁波类别公司'), category: 'huge' }),
      ].join('\n'),
    );
    const report = await importFile(db, f, { label: 'bad.ndjson' });
    expect(report.status).toBe('invalid');
    expect(report.problems).toEqual([
      'bad.ndjson: line 2 field (entry): not JSON: Expected double-quoted property name in JSON at position 28',
      'bad.ndjson: line 3 (enterprise/no-name) field name: Too small: expected string to have >=1 characters',
      'bad.ndjson: line 4 (enterprise/fine-one) field id: duplicate id enterprise/fine-one (first defined at line 1 (enterprise/fine-one))',
      'bad.ndjson: line 5 (INVESTED_IN enterprise/fine-one -> enterprise/nowhere) field props.amount: INVESTED_IN requires amount',
      'bad.ndjson: line 5 (INVESTED_IN enterprise/fine-one -> enterprise/nowhere) field props.currency: INVESTED_IN requires currency',
      'bad.ndjson: line 5 (INVESTED_IN enterprise/fine-one -> enterprise/nowhere) field to: unknown entity enterprise/nowhere: neither in this file nor in the database',
      'bad.ndjson: line 6 (LOCATED_IN enterprise/fine-one -> region/ningbo) field evidence[0].quote: quote "不在这一段" is not in paragraph 28 of source/ningbo-champion-city-2025 (it is not in the source at all)',
      'bad.ndjson: line 7 (LOCATED_IN enterprise/fine-one -> region/nowhere) field to: unknown entity region/nowhere: neither in this file nor in the database',
      'bad.ndjson: line 8 (enterprise/bad-category) field category: must be one of private, state-owned, joint-venture-branch',
    ]);
    expect(await graphFingerprint(db)).toEqual(before);
  });
});

describe('entity resolution', () => {
  it('merges a duplicate named in traditional Chinese and full-width Latin into the existing entity, and rewrites its relations', async () => {
    const f = await file(
      'duplicate.ndjson',
      ndjson([
        { type: 'LOCATED_IN', from: 'enterprise/zhaobao-dup', to: 'region/ningbo', props: { note: 'imported' }, evidence: EVIDENCE },
        entity('enterprise/zhaobao-dup', '招寶磁業', { aliases: ['ＺＨＡＯＢＡＯ  Magnet', '招宝新材'] }),
      ]),
    );
    const report = await importFile(db, f, { label: 'duplicate.ndjson' });
    expect(report.problems).toEqual([]);
    expect(report.merged).toEqual([
      {
        where: 'line 2 (enterprise/zhaobao-dup)',
        incoming: 'enterprise/zhaobao-dup',
        into: 'enterprise/zhaobao-magnet',
        matchedOn: '招宝磁业',
      },
    ]);
    expect(counts(report)).toEqual({
      entities: { created: 0, changed: 1, unchanged: 0 },
      statistics: { created: 0, changed: 0, unchanged: 0 },
      // The seed has this relation: the file's, rewritten to the existing entity, changes its note.
      relations: { created: 0, changed: 1, unchanged: 0 },
    });
    expect(await one('MATCH (n:Entity {id: "enterprise/zhaobao-dup"}) RETURN count(n) AS n')).toEqual({ n: 0 });
    const merged = await one(
      'MATCH (n:Entity {id: "enterprise/zhaobao-magnet"}) RETURN n.name AS name, n.aliases[-1] AS added, size(n.evidenceSources) AS evidence',
    );
    expect(merged).toEqual({ name: '宁波招宝磁业股份有限公司', added: '招宝新材', evidence: 3 });
    const located = await one(
      'MATCH (:Entity {id: "enterprise/zhaobao-magnet"})-[r:LOCATED_IN]->(:Entity {id: "region/ningbo"}) RETURN r.id AS id, r.note AS note',
    );
    expect(located).toEqual({ id: 'LOCATED_IN:enterprise/zhaobao-magnet->region/ningbo', note: 'imported' });
  });

  it('refuses an entity whose name matches several existing ones, listing them', async () => {
    // Two firms that share an alias: given in one file, the second would merge into the first; by its id, it is updated instead.
    const twins = await file(
      'twins.ndjson',
      ndjson([entity('enterprise/twin-a', '宁波双子甲公司', { aliases: ['双子'] }), entity('enterprise/twin-b', '宁波双子乙公司')]),
    );
    expect((await importFile(db, twins)).status).toBe('imported');
    const alias = await file('twin-alias.ndjson', ndjson([entity('enterprise/twin-b', '宁波双子乙公司', { aliases: ['双子'] })]));
    expect((await importFile(db, alias)).entities).toEqual({ created: 0, changed: 1, unchanged: 0 });
    const before = await graphFingerprint(db);
    const f = await file('ambiguous.ndjson', ndjson([entity('enterprise/twin-c', '雙子')]));
    const report = await importFile(db, f, { label: 'ambiguous.ndjson' });
    expect(report.status).toBe('invalid');
    expect(report.refused).toEqual([
      {
        where: 'line 1 (enterprise/twin-c)',
        incoming: 'enterprise/twin-c',
        candidates: [
          { id: 'enterprise/twin-a', name: '宁波双子甲公司' },
          { id: 'enterprise/twin-b', name: '宁波双子乙公司' },
        ],
      },
    ]);
    expect(report.problems).toEqual([
      'ambiguous.ndjson: line 1 (enterprise/twin-c) field name: ambiguous: the name or an alias matches 2 existing Enterprise entities (enterprise/twin-a 宁波双子甲公司; enterprise/twin-b 宁波双子乙公司); give the id of the one meant, or a name that tells them apart',
    ]);
    expect(await graphFingerprint(db)).toEqual(before);
  });
});

describe('entity resolution within one file', () => {
  /** The report's lines but the timing one. */
  const lines = (r: ImportReport) => reportLines(r).filter((l) => !l.startsWith('  time: '));

  it("JSON: a traditional spelling and an alias, with other ids, become the first row's entity; relations to them land on it", async () => {
    const f = await file(
      'tongwen.json',
      JSON.stringify({
        entities: [
          entity('enterprise/tongwen-a', '宁波同文科技有限公司', { aliases: ['同文科技'] }),
          entity('enterprise/tongwen-b', '寧波同文科技有限公司'),
          entity('enterprise/tongwen-c', 'ＴｏｎｇＷｅｎ  Tech', { aliases: ['同文科技'] }),
        ],
        relations: [
          { type: 'LOCATED_IN', from: 'enterprise/tongwen-b', to: 'region/ningbo', evidence: EVIDENCE },
          { type: 'LOCATED_IN', from: 'enterprise/tongwen-a', to: 'region/ningbo', evidence: EVIDENCE },
        ],
      }),
    );
    const before = await graphFingerprint(db);
    const dryRows: RowOutcome[] = [];
    // One row a batch in the dry run, all in one batch for real: the outcome must not depend on where batches fall.
    const dry = await importFile(db, f, { label: 'tongwen.json', dryRun: true, batchSize: 1, onRow: (r) => void dryRows.push(r) });
    expect(await graphFingerprint(db)).toEqual(before);
    const realRows: RowOutcome[] = [];
    const real = await importFile(db, f, { label: 'tongwen.json', onRow: (r) => void realRows.push(r) });
    expect(real.problems).toEqual([]);
    const merged = [
      {
        where: 'entities[1] (enterprise/tongwen-b)',
        incoming: 'enterprise/tongwen-b',
        into: 'enterprise/tongwen-a',
        matchedOn: '宁波同文科技有限公司',
        inFile: 'entities[0] (enterprise/tongwen-a)',
      },
      {
        where: 'entities[2] (enterprise/tongwen-c)',
        incoming: 'enterprise/tongwen-c',
        into: 'enterprise/tongwen-a',
        matchedOn: '同文科技',
        inFile: 'entities[0] (enterprise/tongwen-a)',
      },
    ];
    expect(dry.merged).toEqual(merged);
    expect(real.merged).toEqual(merged);
    const summary = [
      '  entities: 1 created, 1 changed, 1 unchanged',
      '  statistics: 0 created, 0 changed, 0 unchanged',
      '  relations: 1 created, 0 changed, 1 unchanged',
      '  merged: 2',
      '    entities[1] (enterprise/tongwen-b): enterprise/tongwen-b into enterprise/tongwen-a (same name or alias as entities[0] (enterprise/tongwen-a): 宁波同文科技有限公司)',
      '    entities[2] (enterprise/tongwen-c): enterprise/tongwen-c into enterprise/tongwen-a (same name or alias as entities[0] (enterprise/tongwen-a): 同文科技)',
    ];
    expect(lines(dry)).toEqual(['import: would import tongwen.json (5 rows)', ...summary]);
    expect(lines(real)).toEqual([`import: imported tongwen.json (5 rows, import id ${real.importId})`, ...summary]);
    const names = ['aliasText', 'aliases', 'resolveKeys'];
    const rows = [
      { where: 'entities[0] (enterprise/tongwen-a)', id: 'enterprise/tongwen-a', outcome: 'created' },
      // The traditional spelling is the name itself once normalised: nothing to add.
      { where: 'entities[1] (enterprise/tongwen-b)', id: 'enterprise/tongwen-a', outcome: 'unchanged' },
      { where: 'entities[2] (enterprise/tongwen-c)', id: 'enterprise/tongwen-a', outcome: 'changed', properties: names },
      {
        where: 'relations[0] (LOCATED_IN enterprise/tongwen-b -> region/ningbo)',
        id: 'LOCATED_IN:enterprise/tongwen-a->region/ningbo',
        outcome: 'created',
      },
      {
        where: 'relations[1] (LOCATED_IN enterprise/tongwen-a -> region/ningbo)',
        id: 'LOCATED_IN:enterprise/tongwen-a->region/ningbo',
        outcome: 'unchanged',
      },
    ];
    expect(dryRows).toEqual(rows);
    expect(realRows).toEqual(rows);
    expect(
      (
        await db.read({ cypher: 'MATCH (n:Entity) WHERE n.id STARTS WITH "enterprise/tongwen-" RETURN n.id AS id', params: {} })
      ).records.map((r) => r.get('id')),
    ).toEqual(['enterprise/tongwen-a']);
    expect(
      await one('MATCH (n:Enterprise {id: "enterprise/tongwen-a"}) RETURN n.name AS name, n.aliases AS aliases, n.resolveKeys AS keys'),
    ).toEqual({
      name: '宁波同文科技有限公司',
      aliases: ['同文科技', 'ＴｏｎｇＷｅｎ  Tech'],
      keys: ['Enterprise|宁波同文科技有限公司', 'Enterprise|同文科技', 'Enterprise|tongwen tech'],
    });
    expect(
      await one('MATCH (:Entity {id: "enterprise/tongwen-a"})-[r:LOCATED_IN]->(:Entity {id: "region/ningbo"}) RETURN collect(r.id) AS ids'),
    ).toEqual({ ids: ['LOCATED_IN:enterprise/tongwen-a->region/ningbo'] });
    const again = await importFile(db, f);
    expect(counts(again)).toEqual({
      entities: { created: 0, changed: 0, unchanged: 3 },
      statistics: { created: 0, changed: 0, unchanged: 0 },
      relations: { created: 0, changed: 0, unchanged: 2 },
    });
  });

  it("CSV: a row by a traditional spelling and one by an alias merge into the first row's firm", async () => {
    const header = 'id,kind,name,nameEn,aliases,foundedYear,description,evidence.source,evidence.paragraph,evidence.quote';
    const tail = `Imported in a test.,${SOURCE},28,${EVIDENCE[0]!.quote}`;
    // The second row, merged, fills what the first lacks (foundedYear); the third adds nothing.
    const f = await file(
      'hechuan.csv',
      `${header}\nenterprise/hechuan-a,Enterprise,宁波禾川精密有限公司,Hechuan Precision,禾川精密,,${tail}\n` +
        `enterprise/hechuan-b,Enterprise,寧波禾川精密有限公司,Hechuan Precision,,2008,${tail}\n` +
        `enterprise/hechuan-c,Enterprise,禾川精密,Hechuan,,,${tail}\n`,
    );
    const dry = await importFile(db, f, { label: 'hechuan.csv', dryRun: true });
    const real = await importFile(db, f, { label: 'hechuan.csv' });
    const summary = [
      '  entities: 1 created, 1 changed, 1 unchanged',
      '  statistics: 0 created, 0 changed, 0 unchanged',
      '  relations: 0 created, 0 changed, 0 unchanged',
      '  merged: 2',
      '    line 3 (enterprise/hechuan-b): enterprise/hechuan-b into enterprise/hechuan-a (same name or alias as line 2 (enterprise/hechuan-a): 宁波禾川精密有限公司)',
      '    line 4 (enterprise/hechuan-c): enterprise/hechuan-c into enterprise/hechuan-a (same name or alias as line 2 (enterprise/hechuan-a): 禾川精密)',
    ];
    expect(lines(dry)).toEqual(['import: would import hechuan.csv (3 rows)', ...summary]);
    expect(lines(real)).toEqual([`import: imported hechuan.csv (3 rows, import id ${real.importId})`, ...summary]);
    expect(
      (
        await db.read({
          cypher:
            'MATCH (n:Entity) WHERE n.id STARTS WITH "enterprise/hechuan-" RETURN n.id AS id, n.aliases AS aliases, n.foundedYear AS year',
          params: {},
        })
      ).records.map((r) => r.toObject()),
    ).toEqual([{ id: 'enterprise/hechuan-a', aliases: ['禾川精密'], year: 2008 }]);
  });

  it("refuses a row whose names match two earlier rows' entities, listing them, and writes nothing", async () => {
    const f = await file(
      'dawn.ndjson',
      ndjson([
        entity('enterprise/dawn-x', '宁波晨曦甲公司', { aliases: ['晨曦'] }),
        entity('enterprise/dawn-y', '宁波晨曦乙公司'),
        entity('enterprise/dawn-z', '晨曦丙', { aliases: ['晨曦', '宁波晨曦乙公司'] }),
      ]),
    );
    const before = await graphFingerprint(db);
    const report = await importFile(db, f, { label: 'dawn.ndjson' });
    expect(report.status).toBe('invalid');
    expect(report.refused).toEqual([
      {
        where: 'line 3 (enterprise/dawn-z)',
        incoming: 'enterprise/dawn-z',
        candidates: [
          { id: 'enterprise/dawn-x', name: '晨曦' },
          { id: 'enterprise/dawn-y', name: '宁波晨曦乙公司' },
        ],
      },
    ]);
    expect(report.problems).toEqual([
      'dawn.ndjson: line 3 (enterprise/dawn-z) field name: ambiguous: the name or an alias matches 2 earlier Enterprise entities (enterprise/dawn-x 晨曦 at line 1 (enterprise/dawn-x); enterprise/dawn-y 宁波晨曦乙公司 at line 2 (enterprise/dawn-y)); give the id of the one meant, or a name that tells them apart',
    ]);
    expect(await graphFingerprint(db)).toEqual(before);
  });
});

describe('formats, dry run and re-import', () => {
  it('reads CSV with dotted headers and ;-separated aliases', async () => {
    const header = 'id,kind,name,nameEn,aliases,description,category,foundedYear,evidence.source,evidence.paragraph,evidence.quote';
    const q = EVIDENCE[0]!.quote;
    const f = await file(
      'firms.csv',
      `${header}\nenterprise/csv-one,Enterprise,宁波表格一公司,CSV One,表格一;CSV 1,From a CSV file.,private,2001,${SOURCE},28,${q}\n` +
        `enterprise/csv-two,Enterprise,"宁波表格二公司",CSV Two,,"Two, with a comma.",,,${SOURCE},28,${q}\n`,
    );
    const report = await importFile(db, f, { label: 'firms.csv' });
    expect(report.problems).toEqual([]);
    expect(report.entities).toEqual({ created: 2, changed: 0, unchanged: 0 });
    expect(
      await one(
        'MATCH (n:Enterprise {id: "enterprise/csv-one"}) RETURN n.aliases AS aliases, n.foundedYear AS year, n.importId IS NOT NULL AS tagged',
      ),
    ).toEqual({
      aliases: ['表格一', 'CSV 1'],
      year: 2001,
      tagged: true,
    });
  });

  it('a dry run reports exactly what the import then does and writes nothing; the same file again changes nothing', async () => {
    const f = await file(
      'object.json',
      JSON.stringify({
        entities: [
          entity('enterprise/json-one', '宁波对象一公司'),
          entity('product/json-magnet', '对象磁体'),
          entity('enterprise/twin-a', '宁波双子甲公司', { aliases: ['双子'], description: 'Changed.' }),
        ],
        relations: [
          { type: 'PRODUCES', from: 'enterprise/json-one', to: 'product/json-magnet', evidence: EVIDENCE },
          { type: 'LOCATED_IN', from: 'enterprise/csv-one', to: 'region/ningbo', evidence: EVIDENCE },
        ],
        statistics: [
          {
            id: 'stat/imported-firms',
            subject: 'region/ningbo',
            measure: 'imported firms',
            measureZh: '导入企业',
            value: 2,
            unit: 'enterprise',
            period: { label: '2025' },
            evidence: EVIDENCE,
          },
        ],
      }),
    );
    const before = await graphFingerprint(db);
    const dry = await importFile(db, f, { dryRun: true });
    expect(dry.status).toBe('dry run');
    expect(await graphFingerprint(db)).toEqual(before);
    const real = await importFile(db, f);
    expect(real.status).toBe('imported');
    expect(counts(dry)).toEqual(counts(real));
    expect(counts(real)).toEqual({
      entities: { created: 2, changed: 1, unchanged: 0 },
      statistics: { created: 1, changed: 0, unchanged: 0 },
      relations: { created: 3, changed: 0, unchanged: 0 },
    });
    const again = await importFile(db, f);
    expect(counts(again)).toEqual({
      entities: { created: 0, changed: 0, unchanged: 3 },
      statistics: { created: 0, changed: 0, unchanged: 1 },
      relations: { created: 0, changed: 0, unchanged: 3 },
    });
    const array = await file(
      'array.json',
      JSON.stringify([{ type: 'PRODUCES', from: 'enterprise/csv-two', to: 'product/json-magnet', evidence: EVIDENCE }]),
    );
    expect(counts(await importFile(db, array)).relations).toEqual({ created: 1, changed: 0, unchanged: 0 });
  });

  it('re-seeding, even with --prune, keeps what imports wrote', async () => {
    const imported = () => one('MATCH (n:Entity) WHERE n.importId IS NOT NULL RETURN count(n) AS n, collect(n.id) AS ids');
    const before = await imported();
    await seedDatabase(db, log, DEFAULT_SEED_DIR, { prune: true });
    expect(await imported()).toEqual(before);
    expect(await one('MATCH (n:Entity {id: "enterprise/zhaobao-magnet"}) RETURN "招宝新材" IN n.aliases AS kept')).toEqual({ kept: true });
  });
});

/** Plain rows: n enterprises and n products, and a PRODUCES relation from each enterprise. */
function plainRows(prefix: string, n: number): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < n; i++)
    rows.push(entity(`enterprise/${prefix}-${i}`, `${prefix}企业${i}号`), entity(`product/${prefix}-${i}`, `${prefix}产品${i}号`));
  for (let i = 0; i < n; i++)
    rows.push({ type: 'PRODUCES', from: `enterprise/${prefix}-${i}`, to: `product/${prefix}-${(i * 7) % n}`, evidence: EVIDENCE });
  return rows;
}

describe('all or nothing', () => {
  it('undoes everything an interrupted import wrote, changes of existing entities included', async () => {
    const before = await graphFingerprint(db);
    const rows = [
      entity('enterprise/twin-b', '宁波双子乙公司', { aliases: ['双子', '乙'], description: 'Changed, then undone.' }),
      ...plainRows('stop', 200),
    ];
    const f = await file('interrupted.ndjson', ndjson(rows));
    const stop = new AbortController();
    let seen = 0;
    const report = await importFile(db, f, { batchSize: 50, signal: stop.signal, onRow: () => void (++seen === 450 && stop.abort()) });
    expect(report.status).toBe('failed');
    expect(report.error).toBe('the import was interrupted; everything this import wrote was undone');
    expect(await graphFingerprint(db)).toEqual(before);
  });

  it('undoes every property that rows merged into one existing entity set, each row in its own batch', async () => {
    const existing = await file('merge-target.ndjson', ndjson([entity('enterprise/undo-m', '宁波撤销公司')]));
    expect((await importFile(db, existing)).status).toBe('imported');
    const before = await graphFingerprint(db);
    const rows = [
      entity('enterprise/undo-m', '宁波撤销公司', { description: 'Changed, then undone.' }),
      // Merged into undo-m by its traditional spelling: fills foundedYear; by its name as an alias: adds a name.
      entity('enterprise/undo-m2', '寧波撤銷公司', { foundedYear: 1999 }),
      entity('enterprise/undo-m3', '撤销新名', { aliases: ['宁波撤销公司'] }),
      ...plainRows('merge-stop', 100),
    ];
    const f = await file('merge-interrupted.ndjson', ndjson(rows));
    const stop = new AbortController();
    const outcomes: RowOutcome[] = [];
    const report = await importFile(db, f, {
      batchSize: 1,
      signal: stop.signal,
      onRow: (row) => void (outcomes.push(row) === 60 && stop.abort()),
    });
    expect(outcomes.slice(0, 3)).toEqual([
      { where: 'line 1 (enterprise/undo-m)', id: 'enterprise/undo-m', outcome: 'changed', properties: ['description'] },
      { where: 'line 2 (enterprise/undo-m2)', id: 'enterprise/undo-m', outcome: 'changed', properties: ['foundedYear'] },
      {
        where: 'line 3 (enterprise/undo-m3)',
        id: 'enterprise/undo-m',
        outcome: 'changed',
        properties: ['aliasText', 'aliases', 'resolveKeys'],
      },
    ]);
    expect(report.status).toBe('failed');
    expect(await graphFingerprint(db)).toEqual(before);
  });

  it('after a SIGKILL half-way, recovery returns the graph to exactly what it was', async () => {
    const f = await file('killed.ndjson', ndjson(plainRows('kill', 3000)));
    const before = await graphFingerprint(db);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
    };
    const child = spawn(process.execPath, [CLI, f, '--batch-size', '200'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitFor(
      async () => {
        const r = await one('MATCH (n:Entity) WHERE n.importId IS NOT NULL AND n.id STARTS WITH "enterprise/kill-" RETURN count(n) AS n');
        return Number(r?.n) >= 400 ? true : undefined;
      },
      120_000,
      'the import to be half-way',
    );
    child.kill('SIGKILL');
    await exited;
    expect(await one('MATCH (i:Import {status: "writing"}) RETURN count(i) AS n')).toEqual({ n: 1 });
    expect(await graphFingerprint(db)).not.toEqual(before);
    const recover = spawnSync(process.execPath, [CLI, '--recover'], { env, encoding: 'utf8' });
    expect(recover.status, recover.stderr).toBe(0);
    expect(recover.stdout).toMatch(/^import: rolled back the unfinished import import-\S+ of \S+killed\.ndjson$/m);
    expect(await graphFingerprint(db)).toEqual(before);
  });
});

describe('POST /import', () => {
  const serve = async (options: Partial<ImportRouteOptions>) => {
    const app = express();
    app.use('/import', importRouter({ db, log, maxBytes: DEFAULT_IMPORT_MAX_UPLOAD_BYTES, ...options }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/import`, close: () => new Promise((r) => server.close(r)) };
  };
  const allow: Authorize = () => ({ ok: true });
  const body = ndjson([
    entity('enterprise/http-one', '宁波上传一公司'),
    { type: 'LOCATED_IN', from: 'enterprise/http-one', to: 'region/ningbo', evidence: EVIDENCE },
  ]);

  it('refuses by default with 401 UNAUTHENTICATED, writing nothing', async () => {
    const server = await serve({});
    const before = await graphFingerprint(db);
    const res = await fetch(`${server.url}?format=ndjson`, { method: 'POST', body });
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'importing needs an editor API key; the server has no authentication configured' },
    });
    expect(await graphFingerprint(db)).toEqual(before);
    await server.close();
  });

  it('with an authorizer that allows: a multipart dry run, then a raw upload, answered with the CLI report', async () => {
    const server = await serve({ authorize: allow });
    const form = new FormData();
    form.append('file', new Blob([body], { type: 'application/octet-stream' }), 'firms.ndjson');
    const dry = await fetch(`${server.url}?dryRun=true&verbose=true`, { method: 'POST', body: form });
    expect(dry.status).toBe(200);
    const dryReport = (await dry.json()) as ImportReport & { rowOutcomes: unknown[] };
    expect(dryReport).toMatchObject({
      file: 'firms.ndjson',
      format: 'ndjson',
      status: 'dry run',
      rows: 2,
      entities: { created: 1 },
      relations: { created: 1 },
    });
    expect(dryReport.rowOutcomes).toEqual([
      { where: 'line 1 (enterprise/http-one)', id: 'enterprise/http-one', outcome: 'created' },
      {
        where: 'line 2 (LOCATED_IN enterprise/http-one -> region/ningbo)',
        id: 'LOCATED_IN:enterprise/http-one->region/ningbo',
        outcome: 'created',
      },
    ]);
    const real = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
    expect(real.status).toBe(200);
    const report = (await real.json()) as ImportReport;
    expect(counts(report)).toEqual(counts(dryReport));
    expect(report.status).toBe('imported');
    const invalid = await fetch(`${server.url}?format=ndjson`, { method: 'POST', body: '{"id": "enterprise/x"}\n' });
    expect(invalid.status).toBe(422);
    // Every kind an entity row may have: all but SourceDocument and Statistic, in the model table's order.
    const rowKinds = ENTITY_KIND_NAMES.filter((k) => k !== 'SourceDocument' && k !== 'Statistic');
    expect(((await invalid.json()) as ImportReport).problems[0]).toBe(
      `upload.ndjson: line 1 (enterprise/x) field kind: Invalid option: expected one of ${rowKinds.map((k) => `"${k}"`).join('|')}`,
    );
    await server.close();
  });

  it('refuses an upload over the size limit with 413', async () => {
    const server = await serve({ authorize: allow, maxBytes: 100 });
    const res = await fetch(`${server.url}?format=ndjson`, { method: 'POST', body });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'the upload is larger than 100 bytes; import files that size with npm run import' },
    });
    await server.close();
  });

  it('takes its size limit from IMPORT_MAX_UPLOAD_BYTES: the server answers a larger upload 413 and writes nothing', async () => {
    const editor = newApiKey('ed', 'editor');
    const { importMaxUploadBytes } = loadConfig({ IMPORT_MAX_UPLOAD_BYTES: '100' });
    const app = await startTestServer({
      neo4j: { kind: 'external', uri: neo4j.uri, username: neo4j.username, password: neo4j.password },
      apiKeys: parseApiKeys(editor.line, 'test key'),
      importMaxUploadBytes,
    });
    try {
      const before = await graphFingerprint(db);
      const headers = { authorization: `Bearer ${editor.key}`, 'content-type': 'application/x-ndjson' };
      expect(Buffer.byteLength(body)).toBeGreaterThan(100);
      const res = await fetch(`${app.server.url}/import`, { method: 'POST', headers, body });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'the upload is larger than 100 bytes; import files that size with npm run import' },
      });
      expect(await graphFingerprint(db)).toEqual(before);
      // The same upload under the limit is imported: the 413 came from the setting, not the key or the body.
      const form = new FormData();
      form.append('file', new Blob(['{"id": "enterprise/x"}\n']), 'small.ndjson');
      const small = await fetch(`${app.server.url}/import?dryRun=true`, {
        method: 'POST',
        headers: { authorization: headers.authorization },
        body: form,
      });
      expect(small.status).toBe(422);
    } finally {
      await app.stop();
    }
  });
});
