import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { applySchema } from '../../src/neo4j/schema.js';
import { USAGE } from '../../src/seed/cli-options.js';
import { DEFAULT_SEED_DIR, seedDatabase } from '../../src/seed/run.js';
import { formatProblem, readSeed, type SeedProblem } from '../../src/seed/validate.js';
import { testDatabase } from '../global-setup.js';
import { graphFingerprint } from '../support/fingerprint.js';
import { runServer, waitFor } from '../support/process.js';
import { runSeedCli } from '../support/seed-cli.js';
import { tempSeedDir } from '../support/seed-dir.js';

/**
 * The loader's guarantees, on the run's shared database: re-loading the seed changes nothing, a
 * bad or empty seed is refused with every problem named and nothing written, and a partial folder
 * (real files, unchanged) writes nothing and deletes nothing without --prune. Pruning itself runs
 * on a Neo4j of its own (see the end), since the other test files read the shared one meanwhile.
 */
let db: Database;
let seeded: string[];
beforeAll(async () => {
  db = testDatabase(inject('neo4jUri'));
  seeded = await graphFingerprint(db);
});
afterAll(async () => {
  // The database is exactly as the global setup left it.
  if (db) expect(await graphFingerprint(db)).toEqual(seeded);
  await db?.close();
});

describe('loading the real seed again', () => {
  it('changes nothing and says so', async () => {
    expect(seeded).toHaveLength(193 + 272);
    const result = await seedDatabase(db, createLogger('silent'));
    expect(result).toEqual({ summary: NO_CHANGES, leftOver: { nodes: {}, relations: {} }, written: { nodes: [], relations: [] } });
    expect(await graphFingerprint(db)).toEqual(seeded);
  });

  it('`npm run seed` prints that it is up to date and exits 0', async () => {
    const cli = await runSeedCli(inject('neo4jUri'));
    expect(cli).toEqual({ code: 0, stdout: ['seed: already up to date, nothing changed'], stderr: [] });
    expect(await graphFingerprint(db)).toEqual(seeded);
  });
});

const NO_CHANGES = { nodesCreated: 0, nodesUpdated: 0, nodesDeleted: 0, relationsCreated: 0, relationsUpdated: 0, relationsDeleted: 0 };

// A small valid seed the bad cases build on: three entities of the real source, with real quotes.
const BASE = `
entities:
  - id: enterprise/zhaobao-magnet
    kind: Enterprise
    name: 宁波招宝磁业股份有限公司
    nameEn: Ningbo Zhaobao Magnet Co., Ltd.
    description: A single-champion magnet maker.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波招宝磁业股份有限公司是国家级制造业单项冠军示范企业" }
  - id: chain/new-materials
    kind: IndustrialChain
    name: 高端新材料
    nameEn: Advanced new materials
    description: Ningbo's advanced new-materials chain.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
  - id: person/chen-wei
    kind: Person
    name: 陈威
    nameEn: Chen Wei
    description: Party branch secretary of Zhaobao Magnet.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "公司负责人、党支部书记陈威介绍" }
`;

const problem = (entry: string, field: string, message: string): SeedProblem => ({ file: '20-case.yaml', entry, field, message });

/** readSeed finds exactly `problems`; then the CLI refuses the directory, prints them all and writes nothing. */
async function expectRefused(caseYaml: string, problems: SeedProblem[]) {
  const seed = await tempSeedDir({ '10-base.yaml': BASE, '20-case.yaml': caseYaml });
  try {
    // If this failed, the CLI below would load (and prune to) the temp seed: it must not run then.
    expect(await readSeed(seed.dir)).toEqual({ ok: false, problems });
    const cli = await runSeedCli(inject('neo4jUri'), [seed.dir]);
    expect(cli).toEqual({
      code: 1,
      stdout: [],
      stderr: [...problems.map(formatProblem), `seed: ${problems.length} problem(s); nothing was written`],
    });
    expect(await graphFingerprint(db)).toEqual(seeded);
  } finally {
    await seed.remove();
  }
}

const IN_CHAIN_ZHAOBAO = 'relations[0] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-materials)';

describe('a bad seed is refused with the exact problem, and nothing is written', () => {
  it('(the base the cases build on is valid on its own)', async () => {
    const seed = await tempSeedDir({ '10-base.yaml': BASE });
    try {
      const result = await readSeed(seed.dir);
      expect(result.ok && result.data.entities.map((e) => e.id)).toEqual([
        'enterprise/zhaobao-magnet',
        'chain/new-materials',
        'person/chen-wei',
      ]);
    } finally {
      await seed.remove();
    }
  });

  it('a missing field', async () => {
    await expectRefused(
      `
entities:
  - id: person/lin-jianqiang
    kind: Person
    name: 林建强
    description: Deputy general manager of Zhaobao Magnet.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 34, quote: "林建强" }
`,
      [problem('entities[0] (person/lin-jianqiang)', 'nameEn', 'Invalid input: expected string, received undefined')],
    );
  });

  it('a wrong type', async () => {
    await expectRefused(
      `
statistics:
  - id: stat/zhaobao-champions
    subject: enterprise/zhaobao-magnet
    measure: single champions
    measureZh: 单项冠军数量
    value: "119"
    unit: enterprise
    period: { label: as of 2025 }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 9, quote: "119家" }
`,
      [problem('statistics[0] (stat/zhaobao-champions)', 'value', 'Invalid input: expected number, received string')],
    );
  });

  it('an unknown relation type', async () => {
    await expectRefused(
      `
relations:
  - type: FOUNDED
    from: person/chen-wei
    to: enterprise/zhaobao-magnet
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "公司负责人、党支部书记陈威介绍" }
`,
      [
        problem(
          'relations[0] (FOUNDED person/chen-wei -> enterprise/zhaobao-magnet)',
          'type',
          'Invalid option: expected one of "LOCATED_IN"|"PART_OF"|"IN_CHAIN"|"LEADS_CHAIN"|"HOLDS_DESIGNATION"|"SUBSIDIARY_OF"|"INITIATED"|"INVESTED_IN"|"LICENSED_PATENTS_TO"|"OFFERS"|"DRAWN_FROM"|"COOPERATES_WITH"|"HOLDS_POSITION"|"DEVELOPED"|"PRODUCES"|"USES"|"CONNECTS"|"SERVES"|"RUNS"|"SUPPORTED"|"MEMBER_OF"|"LEADS"|"COVERS"|"APPLIES_TO"|"DRIVES"|"ISSUED"|"AUTHORED"|"BELONGS_TO"|"PARTICIPATED_IN"|"RESULTED_IN"|"MEASURES"',
        ),
      ],
    );
  });

  it('a dangling reference', async () => {
    await expectRefused(
      `
relations:
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-energy-vehicles
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
`,
      [
        problem(
          'relations[0] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-energy-vehicles)',
          'to',
          'unknown entity chain/new-energy-vehicles',
        ),
      ],
    );
  });

  it('a duplicate id', async () => {
    await expectRefused(
      `
entities:
  - id: person/chen-wei
    kind: Person
    name: 陈威
    nameEn: Chen Wei
    description: The same person twice.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "陈威介绍" }
`,
      [
        problem(
          'entities[0] (person/chen-wei)',
          'id',
          'duplicate id person/chen-wei (first defined at 10-base.yaml: entities[2] (person/chen-wei))',
        ),
      ],
    );
  });

  it('a quote that is not in the source', async () => {
    await expectRefused(
      `
relations:
  - type: HOLDS_POSITION
    from: person/chen-wei
    to: enterprise/zhaobao-magnet
    props: { title: chairman }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "董事长陈威介绍" }
`,
      [
        problem(
          'relations[0] (HOLDS_POSITION person/chen-wei -> enterprise/zhaobao-magnet)',
          'evidence[0].quote',
          'quote "董事长陈威介绍" is not in paragraph 30 of source/ningbo-champion-city-2025 (it is not in the source at all)',
        ),
      ],
    );
  });

  it('a right quote cited at the wrong paragraph', async () => {
    await expectRefused(
      `
relations:
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-materials
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "宁波新材料产业核心企业" }
`,
      [
        problem(
          IN_CHAIN_ZHAOBAO,
          'evidence[0].quote',
          'quote "宁波新材料产业核心企业" is not in paragraph 30 of source/ningbo-champion-city-2025 (it is in paragraph 28)',
        ),
      ],
    );
  });

  it('a relation between kinds it does not allow', async () => {
    await expectRefused(
      `
relations:
  - type: LEADS_CHAIN
    from: person/chen-wei
    to: chain/new-materials
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "公司负责人、党支部书记陈威介绍" }
`,
      [
        problem(
          'relations[0] (LEADS_CHAIN person/chen-wei -> chain/new-materials)',
          'from',
          'LEADS_CHAIN cannot start at a Person (allowed: Enterprise)',
        ),
      ],
    );
  });

  it('a symmetric relation given both ways round', async () => {
    const cooperation = (from: string, to: string) => `
  - type: COOPERATES_WITH
    from: ${from}
    to: ${to}
    props: { role: joint party-building }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 32, quote: "招宝磁业与中科院宁波材料所等科创平台开展党建联建" }`;
    await expectRefused(
      `
entities:
  - id: institute/nimte
    kind: ResearchInstitute
    name: 中国科学院宁波材料技术与工程研究所
    nameEn: Ningbo Institute of Materials Technology and Engineering, CAS
    description: A materials research institute.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 32, quote: "中科院宁波材料所" }
relations:${cooperation('enterprise/zhaobao-magnet', 'institute/nimte')}${cooperation('institute/nimte', 'enterprise/zhaobao-magnet')}
`,
      [
        problem(
          'relations[1] (COOPERATES_WITH institute/nimte -> enterprise/zhaobao-magnet)',
          '(entry)',
          'COOPERATES_WITH reads both ways: this is the relation at 20-case.yaml: relations[0] (COOPERATES_WITH enterprise/zhaobao-magnet -> institute/nimte) written the other way round; give it once',
        ),
      ],
    );
  });

  it('a relation property its type does not take', async () => {
    await expectRefused(
      `
relations:
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-materials
    props: { role: core enterprise, count: 1 }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
`,
      [problem(IN_CHAIN_ZHAOBAO, 'props.count', 'IN_CHAIN does not take count (allowed: role, start, end, periodLabel, status, note)')],
    );
  });
});

describe('one file with many problems: every one is reported', () => {
  it('consistency problems of several entries, with the exact lines the CLI prints', async () => {
    const yaml = `
entities:
  - id: person/chen-wei
    kind: Person
    name: 陈威
    nameEn: Chen Wei
    description: The same person twice.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "陈威介绍" }
relations:
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-energy-vehicles
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
  - type: LEADS_CHAIN
    from: person/chen-wei
    to: chain/new-materials
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "董事长陈威介绍" }
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-materials
    props: { count: 1 }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "宁波新材料产业核心企业" }
statistics:
  - id: stat/zhaobao-revenue
    subject: person/nobody
    measure: extra revenue
    measureZh: 营收
    value: 80000000
    unit: yuan
    period: { label: per year }
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 34, quote: "8000万元" }
`;
    const lines = [
      '20-case.yaml: entities[0] (person/chen-wei) field id: duplicate id person/chen-wei (first defined at 10-base.yaml: entities[2] (person/chen-wei))',
      '20-case.yaml: relations[1] (LEADS_CHAIN person/chen-wei -> chain/new-materials) field evidence[0].quote: quote "董事长陈威介绍" is not in paragraph 30 of source/ningbo-champion-city-2025 (it is not in the source at all)',
      '20-case.yaml: relations[2] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-materials) field evidence[0].quote: quote "宁波新材料产业核心企业" is not in paragraph 30 of source/ningbo-champion-city-2025 (it is in paragraph 28)',
      '20-case.yaml: statistics[0] (stat/zhaobao-revenue) field subject: unknown entity person/nobody',
      '20-case.yaml: statistics[0] (stat/zhaobao-revenue) field currency: money needs a currency',
      '20-case.yaml: relations[0] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-energy-vehicles) field to: unknown entity chain/new-energy-vehicles',
      '20-case.yaml: relations[1] (LEADS_CHAIN person/chen-wei -> chain/new-materials) field from: LEADS_CHAIN cannot start at a Person (allowed: Enterprise)',
      '20-case.yaml: relations[2] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-materials) field props.count: IN_CHAIN does not take count (allowed: role, start, end, periodLabel, status, note)',
    ];
    const seed = await tempSeedDir({ '10-base.yaml': BASE, '20-case.yaml': yaml });
    try {
      const result = await readSeed(seed.dir);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(lines);
      expect(await runSeedCli(inject('neo4jUri'), [seed.dir])).toEqual({
        code: 1,
        stdout: [],
        stderr: [...lines, 'seed: 8 problem(s); nothing was written'],
      });
      expect(await graphFingerprint(db)).toEqual(seeded);
    } finally {
      await seed.remove();
    }
  });

  it('structural problems of several entries', async () => {
    await expectRefused(
      `
entities:
  - id: person/lin-jianqiang
    kind: Person
    name: 林建强
    nameEn: 42
    description: Deputy general manager of Zhaobao Magnet.
    evidence: []
  - id: Person/Zhou
    kind: Human
    name: 周文丹
    nameEn: Zhou Wendan
    description: A writer.
    foundedYear: 1700
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 23, quote: "周文丹", page: 1 }
relations:
  - type: AUTHORED
    from: person/zhou-wendan
    to: source/ningbo-champion-city-2025
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 0, quote: "周" }
`,
      [
        problem('entities[0] (person/lin-jianqiang)', 'nameEn', 'Invalid input: expected string, received number'),
        problem('entities[0] (person/lin-jianqiang)', 'evidence', 'every fact needs at least one evidence'),
        problem('entities[1] (Person/Zhou)', 'id', 'must look like kind/slug, e.g. enterprise/zhaobao-magnet'),
        problem(
          'entities[1] (Person/Zhou)',
          'kind',
          'Invalid option: expected one of "Enterprise"|"IndustrialChain"|"IndustrialCluster"|"Policy"|"Fund"|"PatentPortfolio"|"Person"|"ResearchInstitute"|"Organisation"|"PartyOrganisation"|"Community"|"Region"|"Place"|"Product"|"Designation"|"Alliance"|"Event"',
        ),
        problem('entities[1] (Person/Zhou)', 'foundedYear', 'Too small: expected number to be >=1800'),
        problem('entities[1] (Person/Zhou)', 'evidence.0', 'Unrecognized key: "page"'),
        problem(
          'relations[0] (AUTHORED person/zhou-wendan -> source/ningbo-champion-city-2025)',
          'evidence.0.paragraph',
          'Too small: expected number to be >0',
        ),
        problem(
          'relations[0] (AUTHORED person/zhou-wendan -> source/ningbo-champion-city-2025)',
          'evidence.0.quote',
          'Too small: expected string to have >=2 characters',
        ),
      ],
    );
  });

  // One invalid entry must not hide its file's other problems, nor make other files' references to
  // the file's valid entries look dangling.
  it('structural and consistency problems in one file, without false "unknown entity" elsewhere', async () => {
    const seed = await tempSeedDir({
      '10-base.yaml': BASE,
      '20-case.yaml': `
entities:
  - id: person/lin-jianqiang
    kind: Person
    name: 林建强
    description: Missing its English name.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 34, quote: "林建强" }
  - id: product/bicycle-motor-magnets
    kind: Product
    name: 自行车电机磁钢
    nameEn: Bicycle motor magnets
    description: Valid.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "自行车电机磁钢" }
relations:
  - type: LEADS_CHAIN
    from: person/chen-wei
    to: chain/new-materials
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 30, quote: "公司负责人、党支部书记陈威介绍" }
`,
      '30-case.yaml': `
relations:
  - type: PRODUCES
    from: enterprise/zhaobao-magnet
    to: product/bicycle-motor-magnets
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "自行车电机磁钢" }
`,
    });
    try {
      expect(await readSeed(seed.dir)).toEqual({
        ok: false,
        problems: [
          problem('entities[0] (person/lin-jianqiang)', 'nameEn', 'Invalid input: expected string, received undefined'),
          problem(
            'relations[0] (LEADS_CHAIN person/chen-wei -> chain/new-materials)',
            'from',
            'LEADS_CHAIN cannot start at a Person (allowed: Enterprise)',
          ),
        ],
      });
    } finally {
      await seed.remove();
    }
  });
});

const EXPECTED = "expected *.yaml files with sources, entities, relations or statistics, like the project's seed/ folder";

/** A folder holding exactly `files` (name → content), nothing copied from the seed. */
async function bareDir(files: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-seed-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

describe('a folder without seed entries is refused outright, and nothing is written', () => {
  const cases: [string, Record<string, string> | undefined, string][] = [
    ['an empty folder', {}, 'no seed files in this folder'],
    ['a folder of unrelated files only', { 'README.md': '# notes\n', 'people.csv': 'id,name\n' }, 'no seed files in this folder'],
    ['seed files without entries', { '10-empty.yaml': '# to do\n', '20-empty.yml': 'entities: []\n' }, 'its seed files hold no entries'],
    ['a folder that does not exist', undefined, 'no such folder'],
  ];
  it.each(cases)('%s: exit 1, the folder named', async (_name, files, message) => {
    const folder = await bareDir(files ?? {});
    const dir = files ? folder.dir : path.join(folder.dir, 'missing');
    try {
      for (const args of [[dir], ['--prune', dir]]) {
        expect(await runSeedCli(inject('neo4jUri'), args)).toEqual({
          code: 1,
          stdout: [],
          stderr: [`${dir}: ${message}; ${EXPECTED}`, 'seed: 1 problem(s); nothing was written'],
        });
      }
      await expect(seedDatabase(db, createLogger('silent'), dir)).rejects.toThrow(`${dir}: ${message}`);
      expect(await graphFingerprint(db)).toEqual(seeded);
    } finally {
      await folder.remove();
    }
  });
});

// Two of the real files (sources and regions), unchanged: 11 of the 193 seeded nodes and 9 of the 272 relations.
const partialSeed = async () => tempSeedDir({ '10-regions.yaml': await readFile(path.join(DEFAULT_SEED_DIR, '10-regions.yaml'), 'utf8') });
const LEFT_OVER_NODES = {
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
  ResearchInstitute: 2,
  Statistic: 61,
};
const LEFT_OVER_RELATIONS = {
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
  IN_CHAIN: 26,
  INITIATED: 6,
  INVESTED_IN: 1,
  ISSUED: 4,
  LEADS_CHAIN: 2,
  LICENSED_PATENTS_TO: 1,
  LOCATED_IN: 33,
  MEASURES: 61,
  MEMBER_OF: 1,
  OFFERS: 1,
  PART_OF: 11,
  PARTICIPATED_IN: 11,
  PRODUCES: 6,
  RESULTED_IN: 5,
  RUNS: 22,
  SERVES: 3,
  SUBSIDIARY_OF: 1,
  SUPPORTED: 3,
  USES: 1,
};
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
const LEFT_OVER_DETAIL = `entities: ${list(LEFT_OVER_NODES)}; relations: ${list(LEFT_OVER_RELATIONS)}`;
const leftOverLine = (dir: string) =>
  `seed: 182 seeded entities and 263 relations are not in ${dir}; kept (${LEFT_OVER_DETAIL}). To delete them: npm run seed -- --prune ${dir}`;

describe('a partial folder keeps what it lacks unless --prune', () => {
  it('the loader (as at server start-up) writes and deletes nothing, and counts what the folder lacks', async () => {
    const seed = await partialSeed();
    try {
      const result = await seedDatabase(db, createLogger('silent'), seed.dir);
      expect(result.summary).toEqual(NO_CHANGES);
      expect(result.leftOver).toEqual({ nodes: LEFT_OVER_NODES, relations: LEFT_OVER_RELATIONS });
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b);
      expect([total(LEFT_OVER_NODES), total(LEFT_OVER_RELATIONS)]).toEqual([193 - 11, 272 - 9]);
      expect(await graphFingerprint(db)).toEqual(seeded);
    } finally {
      await seed.remove();
    }
  });

  it('`npm run seed -- <partial>` exits 0, says what it kept and how to delete it', async () => {
    const seed = await partialSeed();
    try {
      expect(await runSeedCli(inject('neo4jUri'), [seed.dir])).toEqual({
        code: 0,
        stdout: ['seed: already up to date, nothing changed'],
        stderr: [leftOverLine(seed.dir)],
      });
      expect(await graphFingerprint(db)).toEqual(seeded);
    } finally {
      await seed.remove();
    }
  });

  it('`--prune --dry-run` says what pruning would delete, and writes nothing', async () => {
    const seed = await partialSeed();
    try {
      expect(await runSeedCli(inject('neo4jUri'), ['--prune', '--dry-run', seed.dir])).toEqual({
        code: 0,
        stdout: [
          `seed: dry run, nothing written; loading would do ${JSON.stringify({ ...NO_CHANGES, nodesDeleted: 182, relationsDeleted: 263 })}`,
          `seed: would delete 182 seeded entities and 263 relations that are not in ${seed.dir} (${LEFT_OVER_DETAIL})`,
        ],
        stderr: [],
      });
      expect(await graphFingerprint(db)).toEqual(seeded);
    } finally {
      await seed.remove();
    }
  });
});

describe('the command line', () => {
  it.each([
    [['--purge'], 'unknown option --purge'],
    [['-p', 'seed'], 'unknown option -p'],
    [['seed', 'other'], 'one folder only (got seed and other)'],
  ])('%j: exit 2 with the usage line, nothing read or written', async (args, message) => {
    expect(await runSeedCli(inject('neo4jUri'), args)).toEqual({ code: 2, stdout: [], stderr: [`seed: ${message}`, USAGE] });
    expect(await graphFingerprint(db)).toEqual(seeded);
  });

  it('--help prints the usage line', async () => {
    expect(await runSeedCli(inject('neo4jUri'), ['--help'])).toEqual({ code: 0, stdout: [USAGE], stderr: [] });
  });
});

// These delete or add seeded data, so they run on a Neo4j of their own: the other files read the shared one meanwhile.
describe('on a Neo4j of its own: --prune, and server start-up', { timeout: 240_000 }, () => {
  let neo4j: EmbeddedNeo4j | undefined;
  let scratch: Database;
  let scratchDir: string;
  const scratchAuth = () => ({ username: neo4j!.username, password: neo4j!.password });
  beforeAll(async () => {
    scratchDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-prune-neo4j-'));
    neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir: scratchDir, log: createLogger('silent') });
    scratch = testDatabase(neo4j.uri, createLogger('warn'), scratchAuth());
    await applySchema(scratch);
    await seedDatabase(scratch, createLogger('silent'));
  }, 240_000);
  afterAll(async () => {
    await scratch?.close();
    await neo4j?.stop();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  it('deletes exactly what the folder lacks, says how much, and the full seed brings it back', async () => {
    expect(await graphFingerprint(scratch)).toEqual(seeded);
    const seed = await partialSeed();
    try {
      expect(await runSeedCli(neo4j!.uri, ['--prune', seed.dir], scratchAuth())).toEqual({
        code: 0,
        stdout: [
          `seed: ${JSON.stringify({ ...NO_CHANGES, nodesDeleted: 182, relationsDeleted: 263 })}`,
          `seed: deleted 182 seeded entities and 263 relations that are not in ${seed.dir} (${LEFT_OVER_DETAIL})`,
        ],
        stderr: [],
      });
      const left = await graphFingerprint(scratch);
      expect(left).toHaveLength(11 + 9);
      expect(seeded).toEqual(expect.arrayContaining(left));
      expect(await runSeedCli(neo4j!.uri, ['--prune', seed.dir], scratchAuth())).toEqual({
        code: 0,
        stdout: ['seed: already up to date, nothing changed'],
        stderr: [],
      });
    } finally {
      await seed.remove();
    }
    expect(await runSeedCli(neo4j!.uri, ['--dry-run'], scratchAuth())).toEqual({
      code: 0,
      stdout: [
        `seed: dry run, nothing written; loading would do ${JSON.stringify({ ...NO_CHANGES, nodesCreated: 182, relationsCreated: 263 })}`,
      ],
      stderr: [],
    });
    expect(await graphFingerprint(scratch)).toHaveLength(11 + 9);
    expect(await runSeedCli(neo4j!.uri, [], scratchAuth())).toEqual({
      code: 0,
      stdout: [`seed: ${JSON.stringify({ ...NO_CHANGES, nodesCreated: 182, relationsCreated: 263 })}`],
      stderr: [],
    });
    expect(await graphFingerprint(scratch)).toEqual(seeded);
  });

  // Start-up seeds the project's seed/ unattended: what that folder lacks is kept, and it says so.
  it('server start-up keeps seeded data its seed/ lacks and logs a warning with the counts', async () => {
    const extra = await mkdtemp(path.join(os.tmpdir(), 'chainkb-seed-'));
    await cp(DEFAULT_SEED_DIR, extra, { recursive: true });
    await writeFile(path.join(extra, '90-extra.yaml'), EXTRA_YAML);
    try {
      const loaded = await seedDatabase(scratch, createLogger('silent'), extra);
      expect(loaded.summary).toEqual({ ...NO_CHANGES, nodesCreated: 1, relationsCreated: 1 });
    } finally {
      await rm(extra, { recursive: true, force: true });
    }
    const withExtra = await graphFingerprint(scratch);
    const auth = scratchAuth();
    const server = runServer({
      NEO4J_URI: neo4j!.uri,
      NEO4J_USERNAME: auth.username,
      NEO4J_PASSWORD: auth.password,
      SEED_ON_START: 'true',
      PORT: String(await freePort()),
    });
    try {
      const warning = await waitFor(
        async () => server.stdout.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.includes('not in')),
        120_000,
        'the seed warning',
      );
      expect(warning).toMatchObject({
        level: 40,
        msg: `seed: 1 seeded entity and 1 relation are not in ${DEFAULT_SEED_DIR}; kept (entities: Product 1; relations: PRODUCES 1). To delete them: npm run seed -- --prune ${DEFAULT_SEED_DIR}`,
      });
      await server.listening;
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(await graphFingerprint(scratch)).toEqual(withExtra);
    expect(await runSeedCli(neo4j!.uri, ['--prune'], auth)).toEqual({
      code: 0,
      stdout: [
        `seed: ${JSON.stringify({ ...NO_CHANGES, nodesDeleted: 1, relationsDeleted: 1 })}`,
        `seed: deleted 1 seeded entity and 1 relation that are not in ${DEFAULT_SEED_DIR} (entities: Product 1; relations: PRODUCES 1)`,
      ],
      stderr: [],
    });
    expect(await graphFingerprint(scratch)).toEqual(seeded);
  });
});

const EXTRA_YAML = `
entities:
  - id: product/test-only-motor-magnets
    kind: Product
    name: 自行车电机磁钢（测试）
    nameEn: Bicycle motor magnets (test only)
    description: Seeded by a test only, to be left over.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "自行车电机磁钢" }
relations:
  - type: PRODUCES
    from: enterprise/zhaobao-magnet
    to: product/test-only-motor-magnets
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "自行车电机磁钢" }
`;
