/**
 * Evidence: where a source says a fact. Stored on relations and statistics as three parallel
 * lists (Neo4j properties cannot hold maps), and read back as a list of Evidence objects.
 *
 * `paragraph` is the 1-based line number of the paragraph in the source text: the sources hold one
 * paragraph per line, so a reader can open the file at that line and find `quote` verbatim.
 */
export interface Evidence {
  sourceId: string;
  paragraph: number;
  quote: string;
}

export interface StoredEvidence {
  evidenceSources: string[];
  evidenceParagraphs: number[];
  evidenceQuotes: string[];
}

export function toStoredEvidence(evidence: readonly Evidence[]): StoredEvidence {
  return {
    evidenceSources: evidence.map((e) => e.sourceId),
    evidenceParagraphs: evidence.map((e) => e.paragraph),
    evidenceQuotes: evidence.map((e) => e.quote),
  };
}

export function fromStoredEvidence(stored: Partial<StoredEvidence>): Evidence[] {
  const sources = stored.evidenceSources ?? [];
  return sources.map((sourceId, i) => ({
    sourceId,
    paragraph: Number(stored.evidenceParagraphs?.[i]),
    quote: String(stored.evidenceQuotes?.[i] ?? ''),
  }));
}
