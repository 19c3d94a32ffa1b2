/**
 * The status of a claim: what kind of statement a relation or statistic is. A researcher citing
 * the graph must tell what happened from what someone expects, plans or aims for.
 *
 * Stored as the string property `status` on relations and on `:Statistic` nodes; a missing
 * property means `actual` (the seed states facts unless it says otherwise).
 */
export const CLAIM_STATUSES = {
  actual: 'Happened or is the case, as the source reports it (已/建成/落成).',
  'under-construction': 'Begun but not finished when the source was written (在建/正在).',
  planned: 'Decided or scheduled, not yet begun (计划/将/拟).',
  forecast: 'Expected by someone, a prediction rather than a result (预计/有望).',
  target: 'A goal someone set (目标/力争/到…年).',
} as const;
export type ClaimStatus = keyof typeof CLAIM_STATUSES;
export const CLAIM_STATUS_NAMES = Object.keys(CLAIM_STATUSES) as ClaimStatus[];
export const DEFAULT_CLAIM_STATUS: ClaimStatus = 'actual';

/** The GraphQL enum value of a status: `under-construction` → `UNDER_CONSTRUCTION`. */
export const claimStatusEnumName = (status: ClaimStatus) => status.toUpperCase().replace(/-/g, '_');
