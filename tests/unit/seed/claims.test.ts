import { describe, expect, it } from 'vitest';
import { formatProblem, readSeed } from '../../../src/seed/validate.js';
import { tempSeedDir } from '../../support/seed-dir.js';

/**
 * The seed validator on dates, claim statuses and asserters (no database: readSeed only). Each case
 * is one file on top of a base of real entities with real quotes; the exact lines the CLI prints.
 */
const BASE = `
entities:
  - id: enterprise/zhaobao-magnet
    kind: Enterprise
    name: 宁波招宝磁业股份有限公司
    nameEn: Ningbo Zhaobao Magnet Co., Ltd.
    description: A single-champion magnet maker.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波招宝磁业股份有限公司是国家级制造业单项冠军示范企业" }
  - id: chain/new-materials
    kind: IndustrialChain
    name: 高端新材料
    nameEn: Advanced new materials
    description: Ningbo's advanced new-materials chain.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
  - id: person/lin-jianqiang
    kind: Person
    name: 林建强
    nameEn: Lin Jianqiang
    description: Deputy general manager of Zhaobao Magnet.
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 34, quote: "副总经理林建强" }
`;

/** An IN_CHAIN of the base with these props and this evidence line. */
const inChain = (props: string, evidence = '{ source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }') => `
relations:
  - type: IN_CHAIN
    from: enterprise/zhaobao-magnet
    to: chain/new-materials
    props: ${props}
    evidence:
      - ${evidence}
`;
const ENTRY = '20-case.yaml: relations[0] (IN_CHAIN enterprise/zhaobao-magnet -> chain/new-materials)';

async function problems(caseYaml: string): Promise<string[]> {
  const seed = await tempSeedDir({ '10-base.yaml': BASE, '20-case.yaml': caseYaml });
  try {
    const result = await readSeed(seed.dir);
    return result.ok ? [] : result.problems.map(formatProblem);
  } finally {
    await seed.remove();
  }
}

describe('dates on relations', () => {
  it('takes start, end and periodLabel on any type, as precise as the source', async () => {
    expect(await problems(inChain('{ start: "2011", end: "2025-12-31", periodLabel: 近两年 }'))).toEqual([]);
    // A year does not end before a month of that year: compared at the precision both have.
    expect(await problems(inChain('{ start: "2024-03", end: "2024" }'))).toEqual([]);
  });

  it('refuses a malformed date, a day no calendar has, and an end before the start', async () => {
    expect(await problems(inChain('{ start: "2011年" }'))).toEqual([`${ENTRY} field props.start: must be YYYY, YYYY-MM or YYYY-MM-DD`]);
    expect(await problems(inChain('{ start: "2024-13" }'))).toEqual([`${ENTRY} field props.start: 2024-13 is not a calendar date`]);
    expect(await problems(inChain('{ end: "2023-02-29" }'))).toEqual([`${ENTRY} field props.end: 2023-02-29 is not a calendar date`]);
    expect(await problems(inChain('{ start: "2024-03", end: "2023-12" }'))).toEqual([`${ENTRY} field props.end: 2023-12 is before start 2024-03`]);
  });

  it('refuses a number where a date is written (YAML reads 2011 unquoted as a number)', async () => {
    expect(await problems(inChain('{ start: 2011 }'))).toEqual([`${ENTRY} field props.start: Invalid input: expected string, received number`]);
  });

  it('has no year or since any more', async () => {
    expect(await problems(inChain('{ year: 2011 }'))).toEqual([`${ENTRY} field props: Unrecognized key: "year"`]);
  });
});

describe('claim statuses', () => {
  it('takes the statuses other than actual, on relations and statistics', async () => {
    expect(await problems(inChain('{ status: forecast }'))).toEqual([]);
    expect(
      await problems(`
statistics:
  - id: stat/zhaobao-target
    subject: enterprise/zhaobao-magnet
    measure: capacity
    measureZh: 产能
    value: 8000
    unit: tonne
    period: { label: per year }
    status: target
    evidence:
      - { source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业" }
`),
    ).toEqual([]);
  });

  it('refuses actual written out (it is the default: one way to say it) and any other word', async () => {
    expect(await problems(inChain('{ status: actual }'))).toEqual([
      `${ENTRY} field props.status: leave status out for an actual fact (it is the default)`,
    ]);
    expect(await problems(inChain('{ status: operating }'))).toEqual([
      `${ENTRY} field props.status: must be one of under-construction, planned, forecast, target (leave it out for an actual fact)`,
    ]);
  });
});

describe('asserters', () => {
  const asserted = (by: string) =>
    inChain('{}', `{ source: source/ningbo-champion-city-2025, paragraph: 28, quote: "宁波新材料产业核心企业", assertedBy: ${by} }`);

  it('takes a person or a speaking body of the seed', async () => {
    expect(await problems(asserted('person/lin-jianqiang'))).toEqual([]);
    expect(await problems(asserted('enterprise/zhaobao-magnet'))).toEqual([]);
  });

  it('refuses an unknown id, a kind that cannot speak, and a malformed id', async () => {
    expect(await problems(asserted('person/nobody'))).toEqual([`${ENTRY} field evidence[0].assertedBy: unknown entity person/nobody`]);
    expect(await problems(asserted('chain/new-materials'))).toEqual([
      `${ENTRY} field evidence[0].assertedBy: a IndustrialChain cannot assert a claim (allowed: Person, Enterprise, Organisation, ResearchInstitute, Community, Alliance, PartyOrganisation, Region)`,
    ]);
    expect(await problems(asserted('林建强'))).toEqual([
      `${ENTRY} field evidence.0.assertedBy: must look like kind/slug, e.g. enterprise/zhaobao-magnet`,
    ]);
  });
});
