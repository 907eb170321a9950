import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';

export const PriceModelEnum = { PER_DELIVERY: 'PER_DELIVERY', PER_RECORD: 'PER_RECORD', PER_QUERY: 'PER_QUERY' } as const;
registerEnumType(PriceModelEnum, { name: 'PriceModel', description: 'Per delivery, per record delivered, or per query answered.' });

/** Largest price a listing may carry: ¥10,000,000.00 per unit, so a price × rows stays a safe integer. */
export const MAX_PRICE_FEN = 1_000_000_000;

@ObjectType('Price')
export class PriceGqlModel {
  @Field(() => PriceModelEnum)
  model: string;

  @Field(() => Int, { description: 'Integer fen (1 CNY = 100 fen).' })
  amountFen: number;

  @Field({ description: 'Always CNY.' })
  currency: string;

  @Field({ description: 'For people: "¥12.50".' })
  formatted: string;
}

@InputType()
export class PriceInput {
  @Field(() => PriceModelEnum)
  @IsIn(Object.values(PriceModelEnum), { message: 'model must be PER_DELIVERY, PER_RECORD or PER_QUERY' })
  model: 'PER_DELIVERY' | 'PER_RECORD' | 'PER_QUERY';

  @Field(() => Int, { description: 'Integer fen (¥12.50 = 1250).' })
  @IsInt({ message: 'amountFen must be a whole number of fen' })
  @Min(0, { message: 'amountFen must not be negative' })
  @Max(MAX_PRICE_FEN, { message: 'amountFen must be at most 1,000,000,000 (¥10,000,000.00)' })
  amountFen: number;
}

@ObjectType('Order', { description: 'What a grant was paid (recorded; the exchange moves no money).' })
export class OrderModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  grantId: string;

  @Field(() => ID)
  requestId: string;

  @Field(() => ID)
  datasetId: string;

  @Field(() => ID)
  buyerOrgId: string;

  @Field(() => ID)
  providerOrgId: string;

  @Field(() => PriceModelEnum)
  priceModel: string;

  @Field(() => GraphQLSafeInt, { description: 'Unit price in fen.' })
  unitFen: number;

  @Field(() => GraphQLSafeInt, { description: 'Deliveries, records or queries paid for.' })
  quantity: number;

  @Field(() => GraphQLSafeInt, { description: 'unitFen × quantity, in fen (an integer; SafeInt because GraphQL Int stops at 2^31).' })
  amountFen: number;

  @Field()
  currency: string;

  @Field({ description: 'The data sold had a lawful basis on record (no personal items, or consent for every row); unlawful proceeds count towards Art. 5 para. 1 (7).' })
  lawful: boolean;

  @Field()
  createdAt: Date;
}
