import type { EntityKind } from './entity-kinds.js';

/**
 * Evidence: where a source says a fact, and who says it there. Stored on relations and statistics
 * as parallel lists (Neo4j properties cannot hold maps), and read back as a list of Evidence objects.
 *
 * `paragraph` is the 1-based line number of the paragraph in the source text: the sources hold one
 * paragraph per line, so a reader can open the file at that line and find `quote` verbatim.
 *
 * `assertedBy` is the entity whose claim the source reports (an executive quoted, a customs office's
 * figures, an expert's forecast); absent, the claim is the source's own (its authors').
 */
export interface Evidence {
  sourceId: string;
  paragraph: number;
  quote: string;
  assertedBy?: string;
}

/** The kinds that can assert a claim: people and the bodies that speak (a firm, an office, a party committee). */
export const ASSERTER_KINDS = [
  'Person',
  'Enterprise',
  'Organisation',
  'ResearchInstitute',
  'Community',
  'Alliance',
  'PartyOrganisation',
  'Region',
] as const satisfies readonly EntityKind[];

export interface StoredEvidence {
  evidenceSources: string[];
  evidenceParagraphs: number[];
  evidenceQuotes: string[];
  /**
   * The asserter of each piece, '' for the source's own claim (Neo4j lists cannot hold null).
   * Stored only when some piece has one: most facts are the source's own.
   */
  evidenceAssertedBy?: string[];
}

/** The stored property names of evidence, for projections that read only evidence. */
export const EVIDENCE_PROPERTIES = ['evidenceSources', 'evidenceParagraphs', 'evidenceQuotes', 'evidenceAssertedBy'] as const;

export function toStoredEvidence(evidence: readonly Evidence[]): StoredEvidence {
  const stored: StoredEvidence = {
    evidenceSources: evidence.map((e) => e.sourceId),
    evidenceParagraphs: evidence.map((e) => e.paragraph),
    evidenceQuotes: evidence.map((e) => e.quote),
  };
  if (evidence.some((e) => e.assertedBy)) stored.evidenceAssertedBy = evidence.map((e) => e.assertedBy ?? '');
  return stored;
}

export function fromStoredEvidence(stored: Partial<StoredEvidence>): Evidence[] {
  const sources = stored.evidenceSources ?? [];
  return sources.map((sourceId, i) => {
    const evidence: Evidence = {
      sourceId,
      paragraph: Number(stored.evidenceParagraphs?.[i]),
      quote: String(stored.evidenceQuotes?.[i] ?? ''),
    };
    const assertedBy = stored.evidenceAssertedBy?.[i];
    if (assertedBy) evidence.assertedBy = assertedBy;
    return evidence;
  });
}
