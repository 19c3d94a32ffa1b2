import { isFailure, type Outcome, type SoakOperation } from './soak-clients.js';

/** The soak's figures, as printed and as JSON: every number's unit is in its name. */
export interface SoakReport {
  startedAt: string;
  url: string;
  clients: number;
  durationS: number;
  maxCost: number;
  /** The machine's 1-minute load average before and after: on a shared machine, how busy it was besides the soak. */
  loadAverage1m: { start: number; end: number };
  requests: number;
  throughputReqPerS: number;
  latency: Percentiles;
  /** The run's second half alone: the JVM and V8 have compiled the hot paths by then, so this is the steady state. */
  secondHalf: Percentiles & { requests: number; throughputReqPerS: number };
  /** Every request but the over-the-limit one, by HTTP status class; `noResponse` = timeout or connection error. */
  responses: StatusCounts;
  /** The over-the-limit request answered 4xx, as it must be. */
  refusedExpected4xx: number;
  /** Requests that went wrong: a non-2xx or a GraphQL error on the mix, anything but a 4xx on the refused one. */
  failures: number;
  graphqlErrorCodes: Record<string, number>;
  perQuery: QueryFigures[];
  healthz: Percentiles & { samples: number; failures: number };
  /** The server process's resident memory every 5 s, and its children's (the embedded Neo4j's JVM). */
  rss: RssSample[];
  rssSummary: { serverStartMb: number; serverEndMb: number; serverMaxMb: number; neo4jStartMb: number; neo4jEndMb: number } | undefined;
}

export interface Percentiles {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}
export interface StatusCounts {
  status2xx: number;
  status4xx: number;
  status5xx: number;
  noResponse: number;
}
export interface QueryFigures extends Percentiles, StatusCounts {
  name: string;
  cost: number;
  requests: number;
  failures: number;
  graphqlErrorCodes: Record<string, number>;
}
export interface RssSample {
  atS: number;
  serverRssMb: number;
  neo4jRssMb: number;
}
export interface HealthSample {
  ms: number;
  ok: boolean;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!);
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(sorted[sorted.length - 1]!) };
}

function statusCounts(outcomes: Outcome[]): StatusCounts {
  const counts: StatusCounts = { status2xx: 0, status4xx: 0, status5xx: 0, noResponse: 0 };
  for (const { status } of outcomes) {
    if (status >= 200 && status < 300) counts.status2xx += 1;
    else if (status >= 400 && status < 500) counts.status4xx += 1;
    else if (status >= 500) counts.status5xx += 1;
    else counts.noResponse += 1;
  }
  return counts;
}

function codeCounts(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of outcomes.flatMap((o) => o.codes)) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

function queryFigures(operation: SoakOperation & { cost: number }, outcomes: Outcome[]): QueryFigures {
  return {
    name: operation.name,
    cost: operation.cost,
    requests: outcomes.length,
    ...percentiles(outcomes.map((o) => o.ms)),
    ...statusCounts(outcomes),
    failures: outcomes.filter((o) => isFailure(operation, o)).length,
    graphqlErrorCodes: codeCounts(outcomes),
  };
}

function secondHalf(outcomes: Outcome[], durationS: number): SoakReport['secondHalf'] {
  const late = outcomes.filter((o) => o.startS >= durationS / 2);
  return { requests: late.length, throughputReqPerS: round(late.length / (durationS / 2)), ...percentiles(late.map((o) => o.ms)) };
}

export interface RunRecord {
  startedAt: Date;
  url: string;
  clients: number;
  durationS: number;
  maxCost: number;
  loadAverage1m: { start: number; end: number };
  operations: (SoakOperation & { cost: number })[];
  outcomes: Record<string, Outcome[]>;
  health: HealthSample[];
  rss: RssSample[];
}

export function buildReport(run: RunRecord): SoakReport {
  const all = run.operations.flatMap((o) => run.outcomes[o.name] ?? []);
  const mix = run.operations.filter((o) => !o.expectRefusal).flatMap((o) => run.outcomes[o.name] ?? []);
  const refusedOps = run.operations.filter((o) => o.expectRefusal);
  const perQuery = run.operations.map((o) => queryFigures(o, run.outcomes[o.name] ?? []));
  const first = run.rss[0];
  const last = run.rss[run.rss.length - 1];
  return {
    startedAt: run.startedAt.toISOString(),
    url: run.url,
    clients: run.clients,
    durationS: round(run.durationS),
    maxCost: run.maxCost,
    loadAverage1m: { start: round(run.loadAverage1m.start, 2), end: round(run.loadAverage1m.end, 2) },
    requests: all.length,
    throughputReqPerS: round(all.length / run.durationS),
    latency: percentiles(all.map((o) => o.ms)),
    secondHalf: secondHalf(all, run.durationS),
    responses: statusCounts(mix),
    refusedExpected4xx: refusedOps.flatMap((o) => (run.outcomes[o.name] ?? []).filter((x) => !isFailure(o, x))).length,
    failures: perQuery.reduce((n, q) => n + q.failures, 0),
    graphqlErrorCodes: codeCounts(all),
    perQuery,
    healthz: { samples: run.health.length, failures: run.health.filter((h) => !h.ok).length, ...percentiles(run.health.map((h) => h.ms)) },
    rss: run.rss,
    rssSummary:
      first && last
        ? {
            serverStartMb: first.serverRssMb,
            serverEndMb: last.serverRssMb,
            serverMaxMb: Math.max(...run.rss.map((s) => s.serverRssMb)),
            neo4jStartMb: first.neo4jRssMb,
            neo4jEndMb: last.neo4jRssMb,
          }
        : undefined,
  };
}

/** The report as Markdown, the way bench/RESULTS.md shows it. */
export function formatReport(report: SoakReport): string {
  const codes = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || '–';
  const lines = [
    `${report.clients} clients × ${report.durationS} s against ${report.url}; cost limit ${report.maxCost}; 1-minute load average ${report.loadAverage1m.start} before, ${report.loadAverage1m.end} after`,
    '',
    `| | value |`,
    `|---|---:|`,
    `| requests | ${report.requests} |`,
    `| throughput (req/s) | ${report.throughputReqPerS} |`,
    `| latency p50 / p99 / max (ms) | ${report.latency.p50Ms} / ${report.latency.p99Ms} / ${report.latency.maxMs} |`,
    `| second half: throughput (req/s); latency p50 / p99 / max (ms) | ${report.secondHalf.throughputReqPerS}; ${report.secondHalf.p50Ms} / ${report.secondHalf.p99Ms} / ${report.secondHalf.maxMs} |`,
    `| mix responses 2xx / 4xx / 5xx / none | ${report.responses.status2xx} / ${report.responses.status4xx} / ${report.responses.status5xx} / ${report.responses.noResponse} |`,
    `| refused (expected 4xx) | ${report.refusedExpected4xx} |`,
    `| failures | ${report.failures} |`,
    `| GraphQL error codes | ${codes(report.graphqlErrorCodes)} |`,
    `| /healthz every 100 ms: p50 / p99 / max (ms), failures | ${report.healthz.p50Ms} / ${report.healthz.p99Ms} / ${report.healthz.maxMs}, ${report.healthz.failures} of ${report.healthz.samples} |`,
    '',
    '| query | cost | requests | p50 (ms) | p99 (ms) | max (ms) | 2xx | 4xx | 5xx | none | failures | error codes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...report.perQuery.map(
      (q) =>
        `| ${q.name} | ${q.cost} | ${q.requests} | ${q.p50Ms} | ${q.p99Ms} | ${q.maxMs} | ${q.status2xx} | ${q.status4xx} | ${q.status5xx} | ${q.noResponse} | ${q.failures} | ${codes(q.graphqlErrorCodes)} |`,
    ),
    '',
    `RSS (MB) every 5 s, server: ${report.rss.map((s) => Math.round(s.serverRssMb)).join(', ') || 'not sampled'}`,
    `RSS (MB) every 5 s, embedded Neo4j: ${report.rss.map((s) => Math.round(s.neo4jRssMb)).join(', ') || 'not sampled'}`,
  ];
  return lines.join('\n');
}
