import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITY_KIND_NAMES, ENTITY_KINDS } from '../../src/model/entity-kinds.js';
import { RELATION_TYPE_NAMES, RELATION_TYPES, type RelationTypeSpec } from '../../src/model/relation-types.js';

/**
 * schema/MODEL.md's two tables, the kinds and the relation types, say what the model tables in
 * src/model say: the same rows in the same order, the same fields, ends, properties and meanings.
 */
const MODEL_MD = readFileSync(new URL('../../schema/MODEL.md', import.meta.url), 'utf8');

/** The rows of the Markdown table under `## heading`, as cells without backticks. */
function tableRows(heading: string): string[][] {
  const section = MODEL_MD.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`schema/MODEL.md has no section ${heading}`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(1)
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.replaceAll('`', '').trim()),
    );
}

const ORGS = ['Enterprise', 'Organisation', 'ResearchInstitute', 'Community', 'Alliance', 'PartyOrganisation'];

/** A From/To cell's kinds: the ORGS shorthand, "same as From" and "every kind except X" expanded. */
function kindsOf(cell: string, from: string[] = []): string[] {
  if (cell === 'same as From') return from;
  const except = /^every kind except (\w+)$/.exec(cell);
  if (except) return ENTITY_KIND_NAMES.filter((k) => k !== except[1]);
  return cell.split(', ').flatMap((k) => (k === 'ORGS' ? ORGS : [k]));
}

/** The Properties cell the table should have: a type's own properties (every type takes the universal ones), required ones in bold. */
function propertiesCell(spec: RelationTypeSpec): string {
  const universal = new Set(['start', 'end', 'periodLabel', 'status', 'note']);
  const own = (spec.allowed ?? []).filter((p) => !universal.has(p));
  return own.length === 0 ? '—' : own.map((p) => (spec.required?.includes(p) ? `**${p}**` : p)).join(', ');
}

describe('schema/MODEL.md follows the model tables', () => {
  it('lists every entity kind, in order, with its id prefix, meaning, categories and root list field', () => {
    const rows = tableRows('Entity kinds');
    expect(rows.map((r) => r[0])).toEqual(ENTITY_KIND_NAMES);
    for (const [label, prefix, meaning, categories, listField] of rows) {
      const spec = ENTITY_KINDS[label as keyof typeof ENTITY_KINDS];
      expect({ label, prefix, meaning, listField }).toEqual({
        label,
        prefix: spec.idPrefix,
        meaning: spec.description.replaceAll('`', ''),
        listField: spec.listField,
      });
      const listed = categories === 'none' ? [] : categories!.split(', ').map((c) => c.replace(/ \(.*\)$/, ''));
      expect(listed, `${label}'s categories`).toEqual([...((spec as { categories?: readonly string[] }).categories ?? [])]);
    }
  });

  it('lists every relation type, in order, with its ends, meaning, properties and fields', () => {
    const rows = tableRows('Relation types');
    expect(rows.map((r) => r[0])).toEqual(RELATION_TYPE_NAMES);
    for (const [type, fromCell, toCell, meaning, properties, outField, inField] of rows) {
      const spec: RelationTypeSpec = RELATION_TYPES[type as keyof typeof RELATION_TYPES];
      const from = kindsOf(fromCell!);
      expect({ type, from: new Set(from), to: new Set(kindsOf(toCell!, from)) }).toEqual({
        type,
        from: new Set(spec.from),
        to: new Set(spec.to),
      });
      expect({ type, meaning, properties }).toEqual({
        type,
        meaning: spec.description.replaceAll('`', ''),
        properties: propertiesCell(spec),
      });
      expect({ type, outField: outField!.split(' ')[0], inField: inField!.split(' ')[0] }).toEqual({
        type,
        outField: spec.outField,
        inField: spec.symmetric ? spec.outField : (spec.inField ?? 'none'),
      });
    }
  });
});
