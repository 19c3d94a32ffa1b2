import { Field, Int, ObjectType } from 'type-graphql';
import type { PageResult } from '../../queries/pagination.js';
import { PageInfo } from './common.js';
import { itemsCountedByParent } from '../cost.js';

/** Makes `<Name>Edge` and `<Name>Connection` Relay types whose `node` is of the given type. */
export function connectionType(typeName: string, nodeType: () => Function, description: string) {
  const edge = {
    [`${typeName}Edge`]: class {
      cursor!: string;
      node!: unknown;
    },
  }[`${typeName}Edge`]!;
  Field(() => String, { description: 'Opaque keyset cursor; stays valid when data is added.' })(edge.prototype, 'cursor');
  Field(nodeType, { description: 'The item at this position.' })(edge.prototype, 'node');
  ObjectType(`${typeName}Edge`, { simpleResolvers: true, description: `One item of a ${typeName}Connection, with its cursor.` })(edge);
  const connection = {
    [`${typeName}Connection`]: class {
      edges!: unknown[];
      totalCount!: number;
      pageInfo!: PageInfo;
    },
  }[`${typeName}Connection`]!;
  Field(() => [edge], { description: 'The items of this page, in order.', complexity: itemsCountedByParent })(
    connection.prototype,
    'edges',
  );
  Field(() => Int, {
    description:
      "How many match, over all pages. Entity lists count only when this is selected: an unfiltered list reads Neo4j's count store (constant time); a filtered one visits every match, so it costs what the matches do, not what the page does.",
  })(connection.prototype, 'totalCount');
  Field(() => PageInfo, { description: 'Where this page is: cursors and whether more pages exist.' })(connection.prototype, 'pageInfo');
  ObjectType(`${typeName}Connection`, { simpleResolvers: true, description })(connection);
  return connection;
}

/** A page as a Relay connection; `edges` may be any objects carrying their cursor. */
export function toConnection<E extends { cursor: string }>(page: Omit<PageResult<unknown>, 'edges'> & { edges: E[] }) {
  return { edges: page.edges, totalCount: page.totalCount, pageInfo: new PageInfoOf(page) };
}

/** Page info whose cursors are read from the edges only when selected (encoding them costs). */
class PageInfoOf {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;

  constructor(private readonly page: { edges: { cursor: string }[]; hasNextPage: boolean; hasPreviousPage: boolean }) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
  }

  get startCursor(): string | null {
    return this.page.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.page.edges.at(-1)?.cursor ?? null;
  }
}
