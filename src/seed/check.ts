import path from 'node:path';
import { projectRoot } from '../config.js';
import { formatProblem, readSeed } from './validate.js';

/** `node dist/src/seed/check.js [dir]`: validates the seed without touching any database. */
const dir = path.resolve(projectRoot, process.argv[2] ?? 'seed');
const result = await readSeed(dir);
if (!result.ok) {
  for (const p of result.problems) console.error(formatProblem(p));
  console.error(`seed check: ${result.problems.length} problem(s); nothing was written`);
  process.exit(1);
}
const d = result.data;
console.log(`seed check: ok — ${d.sources.length} sources, ${d.entities.length} entities, ${d.relations.length} relations, ${d.statistics.length} statistics`);
