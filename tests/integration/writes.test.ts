import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey, parseApiKeys } from '../../src/auth/keys.js';
import { createLogger } from '../../src/logger.js';
import type { Database, WriteTransaction } from '../../src/neo4j/database.js';
import { seedDatabase } from '../../src/seed/run.js';
import { mergeEntities } from '../../src/write/operations.js';
import { startTestServer } from '../support/server.js';
import { scratchNeo4j } from '../support/scratch-neo4j.js';

/**
 * Writes through the API, on a Neo4j of this file's own (they change seeded entities, and re-seed):
 * authentication and roles, every mutation's answer and history entry, the evidence rules, the
 * transaction rule, merge, cascade delete, revert, re-seeding beside written data, cost and logs.
 * Each test removes what it wrote.
 */
const editor = newApiKey('ada', 'editor');
const admin = newApiKey('root', 'admin');
const reader = newApiKey('rita', 'reader');
const as = (key: { key: string }) => ({ authorization: `Bearer ${key.key}` });

let scratch: Awaited<ReturnType<typeof scratchNeo4j>>;
let app: Awaited<ReturnType<typeof startTestServer>>;
const logLines: string[] = [];

beforeAll(async () => {
  scratch = await scratchNeo4j('writes');
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  app = await startTestServer(
    { neo4j: scratch.target, apiKeys: parseApiKeys([editor.line, admin.line, reader.line].join('\n'), 'test keys') },
    pino({ level: 'debug', base: { service: 'chainkb' } }, sink),
  );
}, 600_000);
afterAll(async () => {
  await app?.stop();
  await scratch?.stop();
});

const SOURCE = 'source/ningbo-champion-city-2025';
const count = async (cypher: string, params: Record<string, unknown> = {}) =>
  Number((await scratch.db.read({ cypher: `${cypher} RETURN count(*) AS n`, params })).records[0]!.get('n'));
const changes = () => count('MATCH (c:Change)');

/** Removes entities (with their relations), tombstones and the history of a test. */
async function remove(ids: string[]) {
  await scratch.db.write({ cypher: 'MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n', params: { ids } });
  await scratch.db.write({ cypher: 'MATCH (t:Tombstone) WHERE t.id IN $ids OR t.into IN $ids DELETE t', params: { ids } });
  await scratch.db.write({ cypher: 'MATCH (n) WHERE n:Change OR n:ChangeLink DELETE n' });
}

const ENTERPRISE = (id: string, name: string) => ({
  id,
  kind: 'Enterprise',
  name,
  nameEn: 'Test Magnet Co.',
  aliases: ['测试磁业'],
  description: 'A firm made up for a test.',
  category: 'private',
  evidence: [{ source: SOURCE, paragraph: 28, quote: '宁波新材料产业核心企业' }],
});

const CREATE_ENTITY = `mutation($input: EntityInput!, $comment: String!) {
  createEntity(input: $input, comment: $comment) {
    entity { id kind name aliases evidence { sourceId paragraph quote } }
    change { id by action comment subjects before after }
  }
}`;

describe('authentication and roles', () => {
  const input = ENTERPRISE('enterprise/auth-test', '认证测试公司');

  it('a write without a key is UNAUTHENTICATED, and nothing is written', async () => {
    const res = await app.gql(CREATE_ENTITY, { input, comment: 'test' });
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([
      {
        message:
          'Authentication required: createEntity needs the editor role; send an API key as Authorization: Bearer <key> or X-API-Key: <key>.',
        locations: [{ line: 2, column: 3 }],
        path: ['createEntity'],
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ]);
    expect(await count('MATCH (n:Entity {id: $id})', { id: input.id })).toBe(0);
    expect(await changes()).toBe(0);
  });

  it('a reader key is FORBIDDEN to write; an unknown key is UNAUTHENTICATED even for a read (401)', async () => {
    const forbidden = await app.gql(CREATE_ENTITY, { input, comment: 'test' }, as(reader));
    expect(forbidden.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'Forbidden: createEntity needs the editor role; the key rita has the reader role.'],
    ]);
    const unknown = await app.gql('{ node(id: "region/ningbo") { id } }', {}, { 'x-api-key': 'ckb_not-a-key' });
    expect(unknown.status).toBe(401);
    expect(unknown.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'UNAUTHENTICATED',
        'The API key sent is not valid: send a key the operator configured, as Authorization: Bearer <key> or X-API-Key: <key>.',
      ],
    ]);
    expect(await count('MATCH (n:Entity {id: $id})', { id: input.id })).toBe(0);
    expect(await changes()).toBe(0);
  });

  it('a cascade delete needs the admin role: FORBIDDEN for an editor, nothing deleted', async () => {
    const res = await app.gql(
      'mutation { deleteEntity(id: "region/ningbo", cascade: true, comment: "no") { deletedEntities } }',
      {},
      as(editor),
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'Forbidden: deleteEntity with cascade: true needs the admin role; the key ada has the editor role.'],
    ]);
    expect(await count('MATCH (n:Entity {id: "region/ningbo"})')).toBe(1);
  });

  it('answers to a caller with a key are Cache-Control: private; anonymous reads stay public', async () => {
    const query = '{ node(id: "region/ningbo") { id } }';
    expect((await app.gql(query)).headers.get('cache-control')).toBe('max-age=600, public');
    const keyed = await app.gql(query, {}, as(reader));
    expect(keyed.data).toEqual({ node: { id: 'region/ningbo' } });
    expect(keyed.headers.get('cache-control')).toBe('max-age=600, private');
    expect(keyed.headers.get('vary')).toContain('authorization');
    const failed = await app.gql(CREATE_ENTITY, { input: { ...input, id: 'bad' }, comment: 'x' }, as(editor));
    expect(failed.headers.get('cache-control')).toBe('private, no-store');
  });

  it('READS_REQUIRE_AUTH: a read without a key is UNAUTHENTICATED; with any role it is answered', async () => {
    const closed = await startTestServer(
      { neo4j: scratch.target, apiKeys: parseApiKeys(reader.line, 'k'), readsRequireAuth: true },
      createLogger('silent'),
    );
    try {
      const anonymous = await closed.gql('{ node(id: "region/ningbo") { id } }');
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        [
          'UNAUTHENTICATED',
          'Authentication required: this server requires an API key for reads too (READS_REQUIRE_AUTH); send an API key as Authorization: Bearer <key> or X-API-Key: <key>.',
        ],
      ]);
      expect((await closed.gql('{ node(id: "region/ningbo") { id } }', {}, as(reader))).data).toEqual({ node: { id: 'region/ningbo' } });
    } finally {
      await closed.stop();
    }
  });
});

describe('POST /import behind the same keys', () => {
  const upload = (headers: Record<string, string> = {}) =>
    fetch(`${app.server.url}/import?format=ndjson&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...headers },
      body: `${JSON.stringify(ENTERPRISE('enterprise/upload-probe', '宁波上传探针公司'))}\n`,
    });

  it('no key: 401 UNAUTHENTICATED; a reader: 403 FORBIDDEN; an editor: the dry run’s report', async () => {
    const anonymous = await upload();
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const forbidden = await upload(as(reader));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'Forbidden: this needs the editor role; the key rita has the reader role.' },
    });
    const allowed = await upload(as(editor));
    expect(allowed.status).toBe(200);
    expect(await count('MATCH (n:Entity {id: "enterprise/upload-probe"})')).toBe(0);
  });
});

describe('sources, entities and relations, each with its history entry', () => {
  const ids = ['source/test-report-2025', 'enterprise/write-test', 'enterprise/write-test-b'];
  afterAll(() => remove(ids));

  it('adds a source whose lines are citable paragraphs, then an entity and a relation citing it', async () => {
    const text = '第一段:测试公司成立于2020年。\r\n第二段:测试公司入选宁波市单项冠军培育库。';
    const added = await app.gql(
      `mutation($input: SourceInput!) { addSource(input: $input, comment: "a new report") {
        source { id name date language publisher url p2: paragraph(number: 2) }
        change { by action comment subjects before after } } }`,
      {
        input: {
          id: ids[0],
          title: '测试报告',
          date: '2025-03-01',
          language: 'zh',
          publisher: '测试日报',
          url: 'https://example.org/report',
          text,
        },
      },
      as(editor),
    );
    expect(added.errors).toBeUndefined();
    const storedText = text.replace('\r\n', '\n');
    expect(added.data.addSource).toEqual({
      source: {
        id: ids[0],
        name: '测试报告',
        date: '2025-03-01',
        language: 'zh',
        publisher: '测试日报',
        url: 'https://example.org/report',
        p2: '第二段:测试公司入选宁波市单项冠军培育库。',
      },
      change: {
        by: 'ada',
        action: 'addSource',
        comment: 'a new report',
        subjects: [ids[0]],
        before: { nodes: [], relations: [] },
        after: {
          nodes: [
            {
              id: ids[0],
              label: 'SourceDocument',
              props: {
                id: ids[0],
                name: '测试报告',
                date: '2025-03-01',
                language: 'zh',
                publisher: '测试日报',
                url: 'https://example.org/report',
                text: storedText,
                written: true,
              },
            },
          ],
          relations: [],
        },
      },
    });

    const input = { ...ENTERPRISE(ids[1]!, '测试公司'), evidence: [{ source: ids[0], paragraph: 1, quote: '测试公司成立于2020年' }] };
    const created = await app.gql(CREATE_ENTITY, { input, comment: 'named in the report' }, as(editor));
    expect(created.errors).toBeUndefined();
    const props = {
      id: ids[1],
      name: '测试公司',
      nameEn: 'Test Magnet Co.',
      aliases: ['测试磁业'],
      aliasText: '测试磁业',
      description: 'A firm made up for a test.',
      category: 'private',
      evidenceSources: [ids[0]],
      evidenceParagraphs: [1],
      evidenceQuotes: ['测试公司成立于2020年'],
      written: true,
    };
    expect(created.data.createEntity).toEqual({
      entity: {
        id: ids[1],
        kind: 'Enterprise',
        name: '测试公司',
        aliases: ['测试磁业'],
        evidence: [{ sourceId: ids[0], paragraph: 1, quote: '测试公司成立于2020年' }],
      },
      change: {
        id: expect.any(String),
        by: 'ada',
        action: 'createEntity',
        comment: 'named in the report',
        subjects: [ids[1]],
        before: { nodes: [], relations: [] },
        after: { nodes: [{ id: ids[1], label: 'Enterprise', props }], relations: [] },
      },
    });

    const relation = await app.gql(
      `mutation($input: RelationInput!) { createRelation(input: $input, comment: "the report says so") {
        relation { id type fromId toId note evidence { sourceId paragraph quote } } change { action subjects } } }`,
      {
        input: {
          type: 'LOCATED_IN',
          from: ids[1],
          to: 'region/ningbo',
          properties: { note: 'In Ningbo.' },
          evidence: [{ source: ids[0], paragraph: 2, quote: '入选宁波市单项冠军培育库' }],
        },
      },
      as(editor),
    );
    expect(relation.data.createRelation).toEqual({
      relation: {
        id: `LOCATED_IN:${ids[1]}->region/ningbo`,
        type: 'LOCATED_IN',
        fromId: ids[1],
        toId: 'region/ningbo',
        note: 'In Ningbo.',
        evidence: [{ sourceId: ids[0], paragraph: 2, quote: '入选宁波市单项冠军培育库' }],
      },
      change: { action: 'createRelation', subjects: [ids[1], 'region/ningbo'] },
    });

    // History per entity (the relation's change too) and per source (every change citing it), newest first.
    const history = await app.gql(
      `{ e: history(entity: "${ids[1]}", first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { action by } } }
         s: history(source: "${ids[0]}") { totalCount edges { node { action } } } }`,
    );
    expect(history.errors).toBeUndefined();
    expect(history.data.e.totalCount).toBe(2);
    expect(history.data.e.edges).toEqual([{ node: { action: 'createRelation', by: 'ada' } }]);
    expect(history.data.e.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(
      `query($after: String) { history(entity: "${ids[1]}", first: 1, after: $after) { pageInfo { hasNextPage } edges { node { action } } } }`,
      {
        after: history.data.e.pageInfo.endCursor,
      },
    );
    expect(next.data.history).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { action: 'createEntity' } }] });
    expect(history.data.s).toEqual({
      totalCount: 3,
      edges: [{ node: { action: 'createRelation' } }, { node: { action: 'createEntity' } }, { node: { action: 'addSource' } }],
    });
  });

  it('refuses a relation without evidence, or with a quote not in the cited paragraph, with exact messages; nothing is written', async () => {
    const before = await changes();
    const send = (evidence: unknown[]) =>
      app.gql(
        `mutation($input: RelationInput!) { createRelation(input: $input, comment: "test") { relation { id } } }`,
        { input: { type: 'LOCATED_IN', from: 'enterprise/zhaobao-magnet', to: 'region/beilun', evidence } },
        as(editor),
      );
    const none = await send([]);
    expect(none.errors?.map((e) => [e.extensions?.code, e.extensions?.argument, e.message])).toEqual([
      ['BAD_USER_INPUT', 'input.evidence', 'input.evidence: every fact needs at least one evidence'],
    ]);
    const elsewhere = await send([{ source: SOURCE, paragraph: 30, quote: '宁波新材料产业核心企业' }]);
    expect(elsewhere.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'BAD_USER_INPUT',
        `input.evidence.0.quote: quote "宁波新材料产业核心企业" is not in paragraph 30 of ${SOURCE} (it is in paragraph 28)`,
      ],
    ]);
    const nowhere = await send([{ source: SOURCE, paragraph: 28, quote: '一句原文没有的话' }]);
    expect(nowhere.errors?.[0]?.message).toBe(
      `input.evidence.0.quote: quote "一句原文没有的话" is not in paragraph 28 of ${SOURCE} (it is not in the source at all)`,
    );
    const badEnd = await app.gql(
      `mutation($input: RelationInput!) { createRelation(input: $input, comment: "test") { relation { id } } }`,
      {
        input: {
          type: 'LOCATED_IN',
          from: 'region/ningbo',
          to: 'enterprise/zhaobao-magnet',
          evidence: [{ source: SOURCE, paragraph: 28, quote: '宁波新材料产业核心企业' }],
        },
      },
      as(editor),
    );
    expect(badEnd.errors?.[0]?.message).toBe(
      'input.from: LOCATED_IN cannot start at a Region (allowed: Enterprise, Organisation, ResearchInstitute, Community, Alliance, PartyOrganisation, Place, IndustrialCluster, Fund, Event) (and 1 more: to: LOCATED_IN cannot end at a Enterprise (allowed: Region, Place))',
    );
    const noComment = await app.gql(CREATE_ENTITY, { input: ENTERPRISE(ids[2]!, '无说明'), comment: '  ' }, as(editor));
    expect(noComment.errors?.[0]?.message).toBe('comment: must say why (it is kept in the history); got a blank comment');
    expect(await count('MATCH ()-[r:LOCATED_IN {id: "LOCATED_IN:enterprise/zhaobao-magnet->region/beilun"}]->()')).toBe(0);
    expect(await changes()).toBe(before);
  });
});

describe('one transaction per mutation', () => {
  it('a write failing midway (Neo4j refuses its history entry) leaves nothing of its earlier statements', async () => {
    await scratch.db.write({
      cypher:
        'CREATE (:Entity:Enterprise {id: "enterprise/midway-dup", name: "重复", nameEn: "Dup", aliases: [], description: "d", evidenceSources: [], evidenceParagraphs: [], evidenceQuotes: []})',
    });
    const relationsBefore = await count('MATCH (:Entity {id: "enterprise/zhaobao-magnet"})-[r]-()');
    let statements = 0;
    const failing = (tx: WriteTransaction): WriteTransaction => ({
      run: async (query) => {
        statements += 1;
        if (query.cypher.includes('CREATE (c:Change')) throw new Error('the database refused the history entry');
        return tx.run(query);
      },
    });
    // The real merge, on a database whose transaction refuses the write's last statement: its history entry.
    const failingDb = {
      writeTransaction: <T>(work: (tx: WriteTransaction) => Promise<T>) => scratch.db.writeTransaction((tx) => work(failing(tx))),
    } as unknown as Database;
    await expect(
      mergeEntities(
        failingDb,
        { caller: { name: 'ada', role: 'editor' }, comment: 'fails' },
        'enterprise/midway-dup',
        'enterprise/zhaobao-magnet',
      ),
    ).rejects.toThrow('the database refused the history entry');
    expect(statements).toBeGreaterThan(4);
    // The merge had moved relations and written a tombstone before the history entry failed: all rolled back.
    expect(await count('MATCH (:Entity {id: "enterprise/zhaobao-magnet"})-[r]-()')).toBe(relationsBefore);
    expect(await count('MATCH (:Entity {id: "enterprise/midway-dup"})-[r]-()')).toBe(0);
    expect(await count('MATCH (t:Tombstone)')).toBe(0);
    expect(await changes()).toBe(0);
    await remove(['enterprise/midway-dup']);
  });
});

describe('merge, delete and revert', () => {
  const dup = 'enterprise/zhaobao-duplicate';
  afterAll(() => remove([dup, 'enterprise/lonely']));

  it('merges a duplicate: its relations, names and evidence move, and its id keeps resolving to the kept entity', async () => {
    await app.gql(
      CREATE_ENTITY,
      { input: { ...ENTERPRISE(dup, '招宝磁业(重复)'), aliases: ['Zhaobao Dup'] }, comment: 'imported twice' },
      as(editor),
    );
    const moved = await app.gql(
      `mutation { createRelation(input: { type: IN_CHAIN, from: "${dup}", to: "chain/new-materials", properties: { role: "core enterprise" },
        evidence: [{ source: "${SOURCE}", paragraph: 28, quote: "宁波新材料产业核心企业" }] }, comment: "dup's chain") { relation { id } } }`,
      {},
      as(editor),
    );
    expect(moved.errors).toBeUndefined();
    const located = await app.gql(
      `mutation { createRelation(input: { type: LOCATED_IN, from: "${dup}", to: "region/beilun",
        evidence: [{ source: "${SOURCE}", paragraph: 28, quote: "宁波招宝磁业股份有限公司" }] }, comment: "dup's place") { relation { id } } }`,
      {},
      as(editor),
    );
    expect(located.errors).toBeUndefined();
    const merged = await app.gql(
      `mutation { mergeEntities(keep: "enterprise/zhaobao-magnet", merge: "${dup}", comment: "the same firm") {
        entity { id aliases } merged movedRelations joinedRelations aliasesAdded change { action by subjects } } }`,
      {},
      as(editor),
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeEntities).toEqual({
      entity: {
        id: 'enterprise/zhaobao-magnet',
        aliases: [
          '招宝磁业',
          '招宝磁业股份有限公司',
          'Zhaobao Magnet',
          'Zhaobao Ciye',
          'Ningbo Zhaobao Magnetic',
          '招宝磁业(重复)',
          'Test Magnet Co.',
          'Zhaobao Dup',
        ],
      },
      merged: dup,
      movedRelations: ['LOCATED_IN:enterprise/zhaobao-magnet->region/beilun'],
      // Zhaobao is in the chain with the same role already: one relation, the evidence joined.
      joinedRelations: [`IN_CHAIN:${dup}->chain/new-materials#core enterprise`],
      aliasesAdded: ['招宝磁业(重复)', 'Test Magnet Co.', 'Zhaobao Dup'],
      change: { action: 'mergeEntities', by: 'ada', subjects: ['chain/new-materials', dup, 'enterprise/zhaobao-magnet', 'region/beilun'] },
    });
    const old = await app.gql(`{ node(id: "${dup}") { id ... on Entity { name } } nodes(ids: ["${dup}", "enterprise/nope"]) { id } }`);
    expect(old.errors).toBeUndefined();
    expect(old.data).toEqual({
      node: { id: 'enterprise/zhaobao-magnet', name: '宁波招宝磁业股份有限公司' },
      nodes: [{ id: 'enterprise/zhaobao-magnet' }, null],
    });
    expect(await count('MATCH (n:Entity {id: $id})', { id: dup })).toBe(0);
    expect(await count('MATCH (:Entity {id: "enterprise/zhaobao-magnet"})-[r:LOCATED_IN]->(:Entity {id: "region/beilun"})')).toBe(1);

    // Reverting the merge brings the duplicate back with its relations, and Zhaobao as it was.
    const history = await app.gql(`{ history(entity: "enterprise/zhaobao-magnet", first: 1) { edges { node { id action } } } }`);
    const reverted = await app.gql(
      `mutation($c: ID!) { revert(change: $c, comment: "not the same after all") { action revertOf by } }`,
      { c: history.data.history.edges[0].node.id },
      as(editor),
    );
    expect(reverted.data.revert).toEqual({ action: 'revert', revertOf: history.data.history.edges[0].node.id, by: 'ada' });
    expect(
      (await app.gql(`{ node(id: "${dup}") { id } z: node(id: "enterprise/zhaobao-magnet") { ... on Entity { aliases } } }`)).data,
    ).toEqual({
      node: { id: dup },
      z: { aliases: ['招宝磁业', '招宝磁业股份有限公司', 'Zhaobao Magnet', 'Zhaobao Ciye', 'Ningbo Zhaobao Magnetic'] },
    });
    expect(await count('MATCH (:Entity {id: "enterprise/zhaobao-magnet"})-[r:LOCATED_IN]->(:Entity {id: "region/beilun"})')).toBe(0);
    expect(await count('MATCH (:Entity {id: $id})-[r]-()', { id: dup })).toBe(2);
  });

  it('refuses to delete an entity with relations, naming the count; cascade (admin) deletes them and lists what went', async () => {
    await app.gql(CREATE_ENTITY, { input: ENTERPRISE('enterprise/lonely', '孤独公司'), comment: 'test' }, as(editor));
    const linked = await app.gql(
      `mutation { createRelation(input: { type: LOCATED_IN, from: "enterprise/lonely", to: "region/ningbo",
        evidence: [{ source: "${SOURCE}", paragraph: 28, quote: "宁波招宝磁业股份有限公司" }] }, comment: "t") { relation { id } } }`,
      {},
      as(editor),
    );
    expect(linked.errors).toBeUndefined();
    const refused = await app.gql(
      `mutation { deleteEntity(id: "enterprise/lonely", comment: "gone") { deletedEntities } }`,
      {},
      as(editor),
    );
    expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['CONFLICT', 'enterprise/lonely has 1 relation (1 LOCATED_IN); pass cascade: true to delete it with it'],
    ]);
    const cascade = await app.gql(
      `mutation { deleteEntity(id: "enterprise/lonely", cascade: true, comment: "gone") { deletedEntities deletedRelations change { by action } } }`,
      {},
      as(admin),
    );
    expect(cascade.data.deleteEntity).toEqual({
      deletedEntities: ['enterprise/lonely'],
      deletedRelations: ['LOCATED_IN:enterprise/lonely->region/ningbo'],
      change: { by: 'root', action: 'deleteEntity' },
    });
    expect(await count('MATCH (n:Entity {id: "enterprise/lonely"})')).toBe(0);
  });

  it('a revert is refused when what the change wrote has changed since', async () => {
    const update = (description: string) =>
      app.gql(
        `mutation($d: String!) { updateEntity(id: "region/beilun", input: { description: $d }, comment: "clearer") { entity { description } change { id } } }`,
        { d: description },
        as(editor),
      );
    const first = await update('Beilun, a district of Ningbo.');
    expect(first.data.updateEntity.entity).toEqual({ description: 'Beilun, a district of Ningbo.' });
    await update('Beilun district.');
    const refused = await app.gql(
      `mutation($c: ID!) { revert(change: $c, comment: "undo") { id } }`,
      { c: first.data.updateEntity.change.id },
      as(editor),
    );
    expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'CONFLICT',
        `Change ${first.data.updateEntity.change.id} cannot be reverted: region/beilun has changed since; revert the later changes first (see its history)`,
      ],
    ]);
    // Newest first, both reverted: the seed's own entity again (no `written` mark), so the seed owns it again.
    const history = await app.gql(`{ history(entity: "region/beilun", first: 2) { edges { node { id } } } }`);
    for (const edge of history.data.history.edges)
      expect(
        (await app.gql(`mutation($c: ID!) { revert(change: $c, comment: "undo") { id } }`, { c: edge.node.id }, as(editor))).errors,
      ).toBeUndefined();
    expect(await count('MATCH (n:Entity {id: "region/beilun"}) WHERE n.written IS NULL AND n.seedHash IS NOT NULL')).toBe(1);
    await remove([]);
  });
});

describe('seed and written data side by side', () => {
  it('a re-seed keeps a correction of a seed entity and a deleted seed relation, and names them', async () => {
    const fix = await app.gql(
      `mutation { updateEntity(id: "region/zhenhai", input: { description: "Zhenhai, corrected through the API." }, comment: "correction") { entity { description } } }`,
      {},
      as(editor),
    );
    expect(fix.errors).toBeUndefined();
    const relation = 'LOCATED_IN:enterprise/zhaobao-magnet->region/ningbo';
    const gone = await app.gql(
      `mutation($id: ID!) { deleteRelation(id: $id, comment: "wrong place") { deletedRelations } }`,
      { id: relation },
      as(editor),
    );
    expect(gone.data.deleteRelation.deletedRelations).toEqual([relation]);

    const result = await seedDatabase(scratch.db, createLogger('silent'));
    expect(result.summary).toEqual({
      nodesCreated: 0,
      nodesUpdated: 0,
      nodesDeleted: 0,
      relationsCreated: 0,
      relationsUpdated: 0,
      relationsDeleted: 0,
    });
    expect(result.written).toEqual({ nodes: ['region/zhenhai'], relations: [relation] });
    expect((await app.gql('{ node(id: "region/zhenhai") { ... on Entity { description } } }')).data.node.description).toBe(
      'Zhenhai, corrected through the API.',
    );
    expect(await count('MATCH ()-[r:LOCATED_IN {id: $id}]->()', { id: relation })).toBe(0);

    // Cleaning up: the reverts give both back to the seed.
    for (const entity of ['region/zhenhai', 'enterprise/zhaobao-magnet']) {
      const history = await app.gql(`{ history(entity: "${entity}", first: 1) { edges { node { id } } } }`);
      expect(
        (
          await app.gql(
            `mutation($c: ID!) { revert(change: $c, comment: "undo") { id } }`,
            { c: history.data.history.edges[0].node.id },
            as(editor),
          )
        ).errors,
      ).toBeUndefined();
    }
    expect((await seedDatabase(scratch.db, createLogger('silent'))).written).toEqual({ nodes: [], relations: [] });
    await remove([]);
  });
});

describe('cost and logs', () => {
  it('mutations are priced by the cost limit: 100 each plus their answer', async () => {
    const small = await startTestServer(
      { neo4j: scratch.target, apiKeys: parseApiKeys(editor.line, 'k'), maxQueryCost: 250 },
      createLogger('silent'),
    );
    const before = await changes();
    try {
      const three = [1, 2, 3].map((i) => `d${i}: deleteRelation(id: "x", comment: "c") { deletedRelations }`).join('\n');
      const res = await small.gql(`mutation { ${three} }`, {}, as(editor));
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.cost, e.extensions?.limit])).toEqual([
        ['COST_LIMIT_EXCEEDED', 303, 250],
      ]);
      expect(await changes()).toBe(before);
    } finally {
      await small.stop();
    }
  });

  it('no log line carries a key', async () => {
    await app.gql('{ node(id: "region/ningbo") { id } }', {}, as(admin));
    await app.gql('{ node(id: "region/ningbo") { id } }', {}, { 'x-api-key': editor.key });
    await expect.poll(() => logLines.filter((l) => l.includes('"request completed"')).length).toBeGreaterThan(2);
    for (const secret of [editor.key, admin.key, reader.key]) expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
