import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Where a source says a fact: the document, the paragraph and the exact words.' })
export class Evidence {
  @Field(() => ID, { description: 'Id of the source document.' })
  sourceId!: string;

  @Field(() => Int, { description: 'Paragraph number: the 1-based line of the source text (one paragraph per line).' })
  paragraph!: number;

  @Field(() => String, { description: 'The exact words of the source (an exact substring of that paragraph).' })
  quote!: string;

  /** The asserter's id; the `assertedBy` field resolves it to the entity. */
  assertedBy?: string;
}

@ObjectType({ simpleResolvers: true, description: 'A money amount, in yuan, with the unit the source used.' })
export class Money {
  @Field(() => Float, { description: 'Amount in yuan (the base unit).' })
  amount!: number;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. CNY.' })
  currency!: string;

  @Field(() => Float, { nullable: true, description: 'The amount as the source writes it, in originalUnit (e.g. 8000 for 8000万元).' })
  originalAmount?: number;

  @Field(() => String, { nullable: true, description: 'The unit the source uses: 亿元 (1e8 yuan) or 万元 (1e4 yuan).' })
  originalUnit?: string;
}

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when items exist after this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when items exist before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page.' })
  endCursor!: string | null;
}
