import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { neighbourhoodItems } from '../../src/graphql/graph.resolver.js';

describe("a neighbourhood's cost", () => {
  it('counts 3 × the nodes it can hold: limit, or fewer when perNodeLimit admits fewer within depth', () => {
    expect(neighbourhoodItems({})).toBe(3 * 101);
    expect(neighbourhoodItems({ limit: 300, depth: 2 })).toBe(3 * 300);
    expect(neighbourhoodItems({ limit: 2000, depth: 2, perNodeLimit: 3 })).toBe(3 * 13);
    expect(neighbourhoodItems({ limit: 2000, depth: 3, perNodeLimit: 10 })).toBe(3 * 1111);
    expect(neighbourhoodItems({ limit: 5, depth: 3, perNodeLimit: 10 })).toBe(3 * 5);
  });
});
