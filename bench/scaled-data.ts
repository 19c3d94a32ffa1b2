import type { CypherQuery, Database } from '../src/neo4j/database.js';

/**
 * Synthetic entities added on top of the seed (`BENCH_SCALE=n`), so the benchmark also measures
 * answers of a realistic size: the seed's answers are so small (26 entities) that fixed costs per
 * request decide the ratio. For n enterprises:
 * - n/20 chains of 20 member enterprises each (IN_CHAIN);
 * - n/20 research institutes, each licensing patents to 10 of the enterprises (LICENSED_PATENTS_TO,
 *   with a count and evidence), and every other enterprise holds the single-champion designation.
 * So the 3-level nested query reads 100 enterprises, their chains and 20 members each, and the
 * relation query finds n/4 licences to champions. Only for a throwaway database: nothing here is
 * marked as seeded, so the seed loader would never remove it.
 */
const SOURCE = 'source/ningbo-champion-city-2025';
const CHAMPION = 'designation/single-champion';
const BATCH = 500;

const evidence = (quote: string) => ({ evidenceSources: [SOURCE], evidenceParagraphs: [1], evidenceQuotes: [quote] });
const pad = (i: number) => String(i).padStart(5, '0');

interface NodeRow {
  id: string;
  label: string;
  props: Record<string, unknown>;
}
interface RelationRow {
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
}

export function scaledData(enterprises: number): { nodes: NodeRow[]; relations: RelationRow[] } {
  const groups = Math.ceil(enterprises / 20);
  const nodes: NodeRow[] = [];
  const relations: RelationRow[] = [];
  const node = (id: string, label: string, name: string) => nodes.push({ id, label, props: { id, name, aliases: [], ...evidence(name) } });
  const relation = (type: string, from: string, to: string, props: Record<string, unknown> = {}) =>
    relations.push({ type, from, to, props: { id: `${type}:${from}->${to}`, ...props, ...evidence(`${from} ${to}`) } });
  for (let g = 0; g < groups; g++) {
    node(`bench/chain-${pad(g)}`, 'IndustrialChain', `基准产业链 ${pad(g)}`);
    node(`bench/institute-${pad(g)}`, 'ResearchInstitute', `基准研究院 ${pad(g)}`);
  }
  for (let i = 0; i < enterprises; i++) {
    const id = `bench/enterprise-${pad(i)}`;
    const group = Math.floor(i / 20);
    node(id, 'Enterprise', `基准企业 ${pad(i)}`);
    relation('IN_CHAIN', id, `bench/chain-${pad(group)}`, { role: 'member' });
    if (i % 20 < 10) relation('LICENSED_PATENTS_TO', `bench/institute-${pad(group)}`, id, { count: 1 + (i % 7) });
    if (i % 2 === 0) relation('HOLDS_DESIGNATION', id, CHAMPION);
  }
  return { nodes, relations };
}

function batches<T>(rows: T[]): T[][] {
  return Array.from({ length: Math.ceil(rows.length / BATCH) }, (_, i) => rows.slice(i * BATCH, (i + 1) * BATCH));
}

/** Writes the synthetic data in one transaction, reporting progress through `report`. */
export async function addScaledData(db: Database, enterprises: number, report: (line: string) => void): Promise<void> {
  const { nodes, relations } = scaledData(enterprises);
  // Labels and types come from the fixed lists above, written with Cypher's dynamic $(…) syntax.
  const queries: CypherQuery[] = [
    ...batches(nodes).map((rows) => ({ cypher: 'UNWIND $rows AS row CREATE (n:Entity:$(row.label)) SET n = row.props', params: { rows } })),
    ...batches(relations).map((rows) => ({
      cypher:
        'UNWIND $rows AS row MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to}) CREATE (a)-[r:$(row.type)]->(b) SET r = row.props',
      params: { rows },
    })),
  ];
  report(`adding ${nodes.length} synthetic entities and ${relations.length} relations in ${queries.length} batches`);
  await db.writeAll(queries, (done) => report(`  ${done}/${queries.length} batches written`));
}
