import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED_DIR } from '../../src/seed/run.js';

/**
 * A throw-away seed directory: the real source list (00-sources.yaml) and source texts, plus the
 * given YAML files (name → content). Returns the directory and a function that removes it.
 */
export async function tempSeedDir(files: Record<string, string>): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-seed-'));
  await cp(path.join(DEFAULT_SEED_DIR, 'sources'), path.join(dir, 'sources'), { recursive: true });
  await cp(path.join(DEFAULT_SEED_DIR, '00-sources.yaml'), path.join(dir, '00-sources.yaml'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
