import { Converter } from 'opencc-js/t2cn';
import type { EntityKind } from '../model/entity-kinds.js';

/**
 * The keys entity resolution matches on: an entity's name and aliases, each normalised so that the
 * spellings of one name meet — NFKC (full-width Ｎｉｎｇｂｏ and half-width forms become ASCII), runs
 * of whitespace collapsed to one space and trimmed, Latin case folded, traditional Chinese turned
 * into simplified (opencc-js, OpenCC's dictionaries: 寧波 → 宁波) — and prefixed with the kind, since
 * a name only identifies within its kind (宁波 the region, not a fund called 宁波).
 *
 * Stored on every entity as `resolveKeys` (a list), which the full-text index `entity_resolve`
 * (keyword analyzer: each key one exact term) makes searchable key by key.
 */
const toSimplified = Converter({ from: 't', to: 'cn' });

/** Only text with CJK ideographs can change under OpenCC; skipping the rest saves most of its cost. */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

export function normaliseName(text: string): string {
  const folded = text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return HAN.test(folded) ? toSimplified(folded) : folded;
}

export function resolutionKey(kind: EntityKind, text: string): string {
  return `${kind}|${normaliseName(text)}`;
}

/** The distinct keys of a name and its aliases, the name's first. */
export function resolutionKeys(kind: EntityKind, name: string, aliases: readonly string[] = []): string[] {
  const keys = [name, ...aliases].map((t) => resolutionKey(kind, t)).filter((k) => !k.endsWith('|'));
  return [...new Set(keys)];
}
