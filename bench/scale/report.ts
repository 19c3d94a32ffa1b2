import type { HubSpec, MixParams } from './mix.js';

/** The scale benchmark's figures (the JSON it writes) and their Markdown. */
export type ServerName = 'floor' | 'peer' | 'chainkb';

export interface ServerFigures {
  /** The preflight request's time, the first this server saw of this query (cold plans). */
  firstMs: number;
  statements?: number;
  bytes: number;
  /** Entity names and labels in the answer. */
  size: number;
  error?: string;
  p50?: number;
  p99?: number;
  samples?: number;
  latencyErrors?: number;
  latencyError?: string;
  throughput?: number;
  throughputErrors?: number;
  throughputError?: string;
  cpuMsPerRequest?: number;
  neo4jCpuMsPerRequest?: number;
  p50AtConcurrency?: number;
}

export interface QueryResult {
  name: string;
  title: string;
  servers: Partial<Record<ServerName, ServerFigures>>;
  /** true, or where the floor's and chainkb's answers first differ. */
  sameAnswer?: true | string;
  peerUnsupported?: string;
  peerNote?: string;
}

export interface ScaleResult {
  label: string;
  dataDir?: string;
  synthetic?: number;
  failed?: string;
  facts: {
    entities: number;
    relations: number;
    hub: HubSpec;
    hubTypeCount: number;
    median: number;
    quiet: { id: string; reach: number };
    missingSeedIds: string[];
  };
  params: MixParams;
  queries: QueryResult[];
  memory: Record<ServerName, { start: number; rss: number; peak: number }>;
  neo4j: { version: string; rssMb: number; peakRssMb: number; heapUsedMaxMb: number; heapUsedEndMb?: number; heapMaxMb?: number };
}

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  machine: {
    cpus: string;
    memoryGiB: number;
    node: string;
    os: string;
    loadAverageAtStart: number;
    loadAverageAtEnd?: number;
    launcherJvmArgs: string;
  };
  chainkbCommit?: string;
  settings: Record<string, unknown>;
  scales: ScaleResult[];
}

const ms = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const num = (x: number | undefined, digits = 0) =>
  x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const SERVERS: ServerName[] = ['floor', 'peer', 'chainkb'];

export function formatReport(report: BenchReport): string {
  const scales = report.scales.filter((s) => !s.failed);
  const lines: string[] = [];
  const head = (cells: string[], textColumns = 2) =>
    lines.push(`| ${cells.join(' | ')} |`, `|${cells.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`);
  const row = (cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  const labels = scales.map((s) => s.label);
  const queryNames = [...new Set(scales.flatMap((s) => s.queries.map((q) => q.name)))];
  const queryOf = (scale: ScaleResult, name: string) => scale.queries.find((q) => q.name === name);
  const figure = (scale: ScaleResult, name: string, server: ServerName) => queryOf(scale, name)?.servers[server];
  const titleOf = (name: string) => {
    const q = scales.map((s) => queryOf(s, name)).find(Boolean)!;
    return q.title.replace(/ \(.*$/, '').replace(/ \(/, ' (');
  };
  const cell = (f: ServerFigures | undefined, value: (f: ServerFigures) => string) => (!f ? 'n/a' : f.error ? '**error**' : value(f));

  lines.push(`# Scale benchmark`, '');
  lines.push(`Started ${report.startedAt}, finished ${report.finishedAt ?? '?'}; chainkb ${report.chainkbCommit ?? '?'}.`);
  lines.push(
    `Machine: ${report.machine.cpus}, ${report.machine.memoryGiB} GiB, ${report.machine.os}, Node ${report.machine.node}; embedded Neo4j ${scales[0]?.neo4j.version ?? '?'} (heap max ${num(scales[0]?.neo4j.heapMaxMb)} MB, from its JMX bean); 1-minute load average ${report.machine.loadAverageAtStart.toFixed(1)} at the start, ${report.machine.loadAverageAtEnd?.toFixed(1) ?? '?'} at the end.`,
  );
  lines.push(
    `Settings: c=1 latency ${report.settings.rounds} rounds or ${report.settings.latencySeconds} s after ${report.settings.warmupRounds} warm-up rounds or ${report.settings.warmupSeconds} s, servers alternating; throughput ${report.settings.throughputSeconds} s per server at concurrency ${report.settings.concurrency}.`,
    '',
  );

  lines.push('## Data', '');
  head(['scale', 'source', 'entities', 'relations', 'hub (relations)', "median degree: entity (neighbours' max degree)"], 2);
  for (const s of report.scales) {
    if (s.failed) {
      row([s.label, s.dataDir ?? `seed + ${s.synthetic}`, '–', '–', `**failed**: ${s.failed.replace(/\n/g, ' ').slice(0, 300)}`, '']);
      continue;
    }
    row([
      s.label,
      s.dataDir ? `\`${s.dataDir}\`` : `seed + ${s.synthetic} synthetic enterprises`,
      num(s.facts.entities),
      num(s.facts.relations),
      `\`${s.facts.hub.id}\` (${num(s.facts.hub.degree)}; ${num(s.facts.hubTypeCount)} ${s.facts.hub.direction} ${s.facts.hub.type})`,
      `${s.facts.median}: \`${s.facts.quiet.id}\` (${num(s.facts.quiet.reach)})`,
    ]);
  }
  lines.push('');

  lines.push('## Latency at concurrency 1 (ms)', '');
  head(['query', 'server', ...labels.map((l) => `p50 ${l}`), ...labels.map((l) => `p99 ${l}`), 'samples']);
  for (const name of queryNames)
    for (const server of SERVERS) {
      if (scales.every((s) => !figure(s, name, server))) continue;
      row([
        titleOf(name),
        server,
        ...scales.map((s) => cell(figure(s, name, server), (f) => ms(f.p50))),
        ...scales.map((s) => cell(figure(s, name, server), (f) => ms(f.p99))),
        scales.map((s) => figure(s, name, server)?.samples ?? '–').join(' / '),
      ]);
    }
  lines.push('');

  lines.push(
    `## Throughput at concurrency ${report.settings.concurrency} (requests/s), CPU per request (ms), Cypher statements per request`,
    '',
  );
  head([
    'query',
    'server',
    ...labels.map((l) => `req/s ${l}`),
    ...labels.map((l) => `server CPU ${l}`),
    ...labels.map((l) => `Neo4j CPU ${l}`),
    'statements',
  ]);
  for (const name of queryNames)
    for (const server of SERVERS) {
      if (scales.every((s) => !figure(s, name, server))) continue;
      row([
        titleOf(name),
        server,
        ...scales.map((s) => cell(figure(s, name, server), (f) => num(f.throughput, 1))),
        ...scales.map((s) => cell(figure(s, name, server), (f) => ms(f.cpuMsPerRequest))),
        ...scales.map((s) => cell(figure(s, name, server), (f) => ms(f.neo4jCpuMsPerRequest))),
        [...new Set(scales.map((s) => figure(s, name, server)?.statements ?? '–'))].join(' / '),
      ]);
    }
  lines.push('');

  lines.push('## Answers', '');
  head(
    [
      'query',
      'scale',
      'answer size (names) floor / peer / chainkb',
      'bytes floor / peer / chainkb',
      'floor = chainkb',
      'first request (cold) ms floor / peer / chainkb',
    ],
    2,
  );
  for (const name of queryNames)
    for (const s of scales) {
      const q = queryOf(s, name);
      if (!q) continue;
      const per = (value: (f: ServerFigures) => string) => SERVERS.map((server) => cell(q.servers[server], value)).join(' / ');
      row([
        titleOf(name),
        s.label,
        per((f) => num(f.size)),
        per((f) => num(f.bytes)),
        q.sameAnswer === true ? 'yes' : q.sameAnswer ? `no: ${q.sameAnswer.replace(/\|/g, '\\|').slice(0, 160)}` : '–',
        per((f) => ms(f.firstMs)),
      ]);
    }
  lines.push('');

  lines.push('## Targets', '');
  head([
    'query',
    'scale',
    'chainkb p50 / floor p50 (≤ 1.5×)',
    'chainkb req/s / peer req/s (≥ 1×)',
    'chainkb p50 at this scale / at the first (≤ 2× at the largest)',
  ]);
  const first = scales[0];
  for (const name of queryNames)
    for (const s of scales) {
      const c = figure(s, name, 'chainkb');
      const f = figure(s, name, 'floor');
      const p = figure(s, name, 'peer');
      const q = queryOf(s, name)!;
      const ratio = c?.error ? `**chainkb error**` : c?.p50 !== undefined && f?.p50 !== undefined ? verdict(c.p50 / f.p50, 1.5, true) : '–';
      const peer = q.peerUnsupported
        ? 'not expressible'
        : c?.error
          ? '**chainkb error**'
          : p?.error
            ? 'peer error'
            : c?.throughput !== undefined && p?.throughput !== undefined
              ? `${verdict(c.throughput / p.throughput, 1, false)}${q.peerNote ? ' (not the same answer)' : ''}`
              : '–';
      const c0 = first ? figure(first, name, 'chainkb') : undefined;
      const growth =
        s === first
          ? '1×'
          : c?.p50 !== undefined && c0?.p50 !== undefined && !c.error && !c0.error
            ? verdict(c.p50 / c0.p50, 2, true)
            : '–';
      row([titleOf(name), s.label, ratio, peer, growth]);
    }
  lines.push('');

  lines.push('## Memory (MB)', '');
  head(
    [
      'scale',
      'floor RSS start → end (peak)',
      'peer RSS start → end (peak)',
      'chainkb RSS start → end (peak)',
      'Neo4j heap used: max sampled / at the end (of max)',
      'Neo4j RSS (peak)',
    ],
    1,
  );
  for (const s of scales) {
    const m = (server: ServerName) => `${num(s.memory[server].start)} → ${num(s.memory[server].rss)} (${num(s.memory[server].peak)})`;
    row([
      s.label,
      m('floor'),
      m('peer'),
      m('chainkb'),
      `${num(s.neo4j.heapUsedMaxMb)} / ${num(s.neo4j.heapUsedEndMb)} (${num(s.neo4j.heapMaxMb)})`,
      `${num(s.neo4j.rssMb)} (${num(s.neo4j.peakRssMb)})`,
    ]);
  }
  lines.push('');

  const errors = scales.flatMap((s) =>
    s.queries.flatMap((q) =>
      SERVERS.flatMap((server) => {
        const f = q.servers[server];
        const messages = [f?.error, f?.latencyError, f?.throughputError].filter(Boolean);
        return messages.length
          ? [`- ${s.label}, ${q.name}, ${server}: ${[...new Set(messages)].join(' — ').replace(/\n/g, ' ').slice(0, 600)}`]
          : [];
      }),
    ),
  );
  if (errors.length) lines.push('## Errors', '', ...errors, '');

  const unsupported = scales[0]?.queries.filter((q) => q.peerUnsupported || q.peerNote) ?? [];
  if (unsupported.length) {
    lines.push('## What the peer (@neo4j/graphql) cannot express', '');
    for (const q of unsupported)
      lines.push(`- **${titleOf(q.name)}**: ${q.peerUnsupported ?? `measured in its nearest form, ${q.peerNote}`}.`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function verdict(ratio: number, limit: number, atMost: boolean): string {
  const met = atMost ? ratio <= limit : ratio >= limit;
  return `${ratio.toFixed(2)}× ${met ? 'met' : '**missed**'}`;
}
