/**
 * Entities named by id or by name (EntityRef) in paths, neighbourhood and findRelations: each
 * name resolved within the request, on the seed; the errors for names that match none or several.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput, ok } from '../support/research.js';
import { startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(() => app?.stop());

describe('entities by name', () => {
  it('a name, an English name or an alias in any case names the entity an id names', async () => {
    const data = ok(
      await app.gql(`{
        byName: neighbourhood(entity: {name: "宁波汝鑫招宝基金"}) { center { id } }
        byAlias: neighbourhood(entity: {name: " nimte "}) { center { id } }
        byEnglish: neighbourhood(entity: {name: "ningbo"}) { center { id } }
        byKind: neighbourhood(entity: {name: "冠军之城", kind: Region}) { center { id } }
        byId: neighbourhood(entity: {id: "institute/nimte"}) { center { id } }
        unknownId: neighbourhood(entity: {id: "enterprise/no-such-firm"}) { center { id } }
      }`),
    );
    expect(data).toEqual({
      byName: { center: { id: 'fund/ruxin-zhaobao-fund' } },
      byAlias: { center: { id: 'institute/nimte' } },
      byEnglish: { center: { id: 'region/ningbo' } },
      byKind: { center: { id: 'region/ningbo' } },
      byId: { center: { id: 'institute/nimte' } },
      unknownId: null,
    });
  });

  it('paths and findRelations take names at both ends, in one request', async () => {
    const data = ok(
      await app.gql(`{
        paths(fromEntity: {name: "中科院宁波材料所"}, toEntity: {name: "镇海国资"}, relationTypes: [LICENSED_PATENTS_TO, INVESTED_IN, INITIATED, SUBSIDIARY_OF]) {
          nodes { id }
        }
        findRelations(fromEntity: {name: "中科院宁波材料所"}, steps: [{types: [LICENSED_PATENTS_TO]}], toEntity: {name: "招宝磁业"}) {
          totalCount edges { node { from { id } to { id } } }
        }
        excluded: findRelations(from: {ids: ["institute/cas"]}, fromEntity: {name: "中科院宁波材料所"}, steps: [{types: [LICENSED_PATENTS_TO]}]) {
          totalCount
        }
      }`),
    );
    expect(data.paths.map((p: { nodes: { id: string }[] }) => p.nodes.map((n) => n.id))).toEqual([
      ['institute/nimte', 'enterprise/zhaobao-magnet', 'fund/ruxin-zhaobao-fund', 'enterprise/haijiang', 'org/zhenhai-state-assets'],
    ]);
    expect(data.findRelations).toEqual({
      totalCount: 1,
      edges: [{ node: { from: { id: 'institute/nimte' }, to: { id: 'enterprise/zhaobao-magnet' } } }],
    });
    // The named entity must meet the filter too: outside its ids, nothing matches.
    expect(data.excluded).toEqual({ totalCount: 0 });
  });

  it('a name several entities share is BAD_USER_INPUT listing them (message and extensions.candidates)', async () => {
    const res = await app.gql('{ paths(fromEntity: {name: "冠军之城"}, toEntity: {id: "institute/nimte"}) { length } }');
    expect(expectBadInput(res, 'fromEntity.name')).toBe(
      'fromEntity.name: "冠军之城" names 2 entities: designation/champion-city (冠军之城, Designation); region/ningbo (宁波, Region); give the id, or a kind',
    );
    expect(res.errors![0]!.extensions!.candidates).toEqual([
      { id: 'designation/champion-city', name: '冠军之城', kind: 'Designation' },
      { id: 'region/ningbo', name: '宁波', kind: 'Region' },
    ]);
  });

  it('a name no entity has, a blank or double reference, and an id of another kind are BAD_USER_INPUT naming the input', async () => {
    expect(expectBadInput(await app.gql('{ neighbourhood(entity: {name: "招宝磁"}) { truncated } }'), 'entity.name')).toBe(
      'entity.name: no entity has the name, English name or alias "招宝磁"; search(text:) finds names that contain it',
    );
    expect(
      expectBadInput(await app.gql('{ neighbourhood(entity: {name: "中科院宁波材料所", kind: Enterprise}) { truncated } }'), 'entity.name'),
    ).toBe(
      'entity.name: no Enterprise entity has the name, English name or alias "中科院宁波材料所"; search(text:) finds names that contain it',
    );
    expect(expectBadInput(await app.gql('{ neighbourhood(entity: {name: "  "}) { truncated } }'), 'entity.name')).toBe(
      'entity.name: must not be blank',
    );
    expect(expectBadInput(await app.gql('{ neighbourhood(entity: {id: "institute/nimte", name: "NIMTE"}) { truncated } }'), 'entity')).toBe(
      'entity: give exactly one of id and name',
    );
    expect(expectBadInput(await app.gql('{ neighbourhood(entity: {}) { truncated } }'), 'entity')).toBe(
      'entity: give exactly one of id and name',
    );
    expect(expectBadInput(await app.gql('{ neighbourhood(entity: {id: "institute/nimte", kind: Fund}) { truncated } }'), 'entity.id')).toBe(
      'entity.id: must be a Fund id (fund/...) as kind says, got "institute/nimte"',
    );
    expect(
      expectBadInput(
        await app.gql('{ findRelations(toEntity: {name: "no such place"}, steps: [{types: [SERVES]}]) { totalCount } }'),
        'toEntity.name',
      ),
    ).toContain('"no such place"');
  });

  it('the deprecated id arguments still answer; with the reference too, or with neither, they are refused', async () => {
    const data = ok(await app.gql('{ paths(from: "institute/nimte", to: "org/zhenhai-state-assets", first: 1) { length } }'));
    expect(data.paths).toEqual([{ length: 3 }]);
    expect(
      expectBadInput(await app.gql('{ neighbourhood(id: "institute/nimte", entity: {id: "institute/nimte"}) { truncated } }'), 'entity'),
    ).toBe('entity: give entity (or the deprecated id), exactly one');
    expectBadInput(await app.gql('{ paths(toEntity: {id: "institute/nimte"}) { length } }'), 'fromEntity');
  });
});
