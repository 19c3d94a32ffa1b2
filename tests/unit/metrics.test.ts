import { describe, expect, it } from 'vitest';
import { BoundedLabel, MAX_OPERATION_LABELS, Metrics, routeOf } from '../../src/http/metrics.js';

describe('metric labels stay bounded', () => {
  it('keeps the first names seen and counts every later one as "other"', () => {
    const label = new BoundedLabel(MAX_OPERATION_LABELS);
    const names = Array.from({ length: MAX_OPERATION_LABELS + 50 }, (_, i) => `Op${i}`);
    const labels = names.map((name) => label.of(name));
    expect(new Set(labels).size).toBe(MAX_OPERATION_LABELS + 1);
    expect(labels.slice(0, MAX_OPERATION_LABELS)).toEqual(names.slice(0, MAX_OPERATION_LABELS));
    expect(labels.slice(MAX_OPERATION_LABELS).every((l) => l === 'other')).toBe(true);
    // A name kept once stays kept.
    expect(label.of('Op7')).toBe('Op7');
  });

  it('labels a request by its endpoint, never by the path asked for', () => {
    expect(routeOf('/graphql')).toBe('/graphql');
    expect(routeOf('/graphql?query=%7B%7D')).toBe('/graphql');
    expect(routeOf('/explore/js/main.js')).toBe('/explore');
    expect(routeOf('/assets/react/react.production.min.js')).toBe('/assets');
    expect(routeOf('/graphqlx')).toBe('other');
    expect(routeOf('/wp-login.php')).toBe('other');
  });

  it('gives each server a registry of its own, so two in one process do not collide', async () => {
    const [a, b] = [new Metrics(), new Metrics()];
    a.neo4j.query(0.01, false);
    const sample = async (m: Metrics) =>
      /^neo4j_query_duration_seconds_count\{outcome="ok"\} (\d+)$/m.exec((await m.exposition()).body)?.[1];
    expect(await sample(a)).toBe('1');
    expect(await sample(b)).toBeUndefined();
  });
});
