import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';

/**
 * Writes an import file of plain rows for measuring `npm run import` (README, Importing): N rows,
 * half entities (enterprises and the products they make, names that match nothing in the seed),
 * half PRODUCES relations between them, every row citing one paragraph of the seed's source.
 *
 *   node dist/bench/import-file.js ROWS FILE.ndjson|FILE.csv-prefix [--csv]
 *
 * NDJSON: one file. CSV: one file per section (PREFIX-entities.csv, PREFIX-relations.csv), since a
 * CSV file holds one section.
 */
const EVIDENCE = {
  source: 'source/ningbo-champion-city-2025',
  paragraph: 28,
  quote: '宁波招宝磁业股份有限公司是国家级制造业单项冠军示范企业',
};

function entity(i: number): Record<string, unknown> {
  const product = i % 2 === 1;
  const n = i.toString(36);
  return {
    id: product ? `product/bench-${n}` : `enterprise/bench-${n}`,
    kind: product ? 'Product' : 'Enterprise',
    name: product ? `测评产品${n}型` : `测评企业${n}有限公司`,
    nameEn: product ? `Bench product ${n}` : `Bench firm ${n} Co., Ltd.`,
    aliases: product ? [] : [`测评${n}`],
    description: product ? 'A product made for the import benchmark.' : 'A firm made for the import benchmark.',
    ...(product ? { category: 'product' } : { category: 'private', foundedYear: 1990 + (i % 30) }),
    evidence: [EVIDENCE],
  };
}

function relation(i: number, entities: number): Record<string, unknown> {
  // Enterprise 2k makes product 2k+1 and one further along, so the ends are spread, never one hub.
  const firm = (2 * i) % entities;
  const product = (2 * ((i * 7919) % (entities / 2)) + 1) % entities;
  return {
    type: 'PRODUCES',
    from: `enterprise/bench-${firm.toString(36)}`,
    to: `product/bench-${product.toString(36)}`,
    props: { role: `line ${i}` },
    evidence: [EVIDENCE],
  };
}

async function write(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* ndjson(entities: number, relations: number): Generator<string> {
  for (let i = 0; i < entities; i++) yield `${JSON.stringify(entity(i))}\n`;
  for (let i = 0; i < relations; i++) yield `${JSON.stringify(relation(i, entities))}\n`;
}

const ENTITY_COLUMNS = [
  'id',
  'kind',
  'name',
  'nameEn',
  'aliases',
  'description',
  'category',
  'foundedYear',
  'evidence.source',
  'evidence.paragraph',
  'evidence.quote',
];
function* entityCsv(entities: number): Generator<string> {
  yield stringify([ENTITY_COLUMNS]);
  for (let i = 0; i < entities; i++) {
    const e = entity(i);
    yield stringify([
      [
        e.id,
        e.kind,
        e.name,
        e.nameEn,
        (e.aliases as string[]).join(';'),
        e.description,
        e.category,
        e.foundedYear ?? '',
        EVIDENCE.source,
        EVIDENCE.paragraph,
        EVIDENCE.quote,
      ],
    ]);
  }
}

function* relationCsv(entities: number, relations: number): Generator<string> {
  yield stringify([['type', 'from', 'to', 'props.role', 'evidence.source', 'evidence.paragraph', 'evidence.quote']]);
  for (let i = 0; i < relations; i++) {
    const r = relation(i, entities);
    yield stringify([[r.type, r.from, r.to, (r.props as { role: string }).role, EVIDENCE.source, EVIDENCE.paragraph, EVIDENCE.quote]]);
  }
}

const [rowsArg, file, flag] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!Number.isSafeInteger(rows) || rows < 4 || !file) {
  console.error('usage: node dist/bench/import-file.js ROWS FILE [--csv]');
  process.exit(2);
}
const entities = 2 * Math.floor(rows / 4);
const relations = rows - entities;
if (flag === '--csv') {
  await write(`${file}-entities.csv`, entityCsv(entities));
  await write(`${file}-relations.csv`, relationCsv(entities, relations));
} else await write(file, ndjson(entities, relations));
console.log(`wrote ${entities} entities and ${relations} relations`);
