import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('LedgerEntry')
export class LedgerEntryModel {
  @Field(() => Int)
  seq: number;

  @Field(() => GraphQLJSONObject, { description: 'The entry exactly as hashed: {seq, at, actor, action, subject, data}.' })
  entry: Record<string, unknown>;

  @Field({ description: 'Hex SHA-256(0x00 ‖ canonical JSON of entry).' })
  leafHash: string;
}

@ObjectType('TreeHead')
export class TreeHeadModel {
  @Field(() => Int)
  treeSize: number;

  @Field()
  rootHash: string;

  @Field()
  timestamp: string;

  @Field({ description: 'Base64 Ed25519 signature over the canonical JSON of {rootHash, timestamp, treeSize}.' })
  signature: string;

  @Field({ description: 'SPKI PEM of the signing key.' })
  publicKey: string;
}

@ObjectType('InclusionProof')
export class InclusionProofModel {
  @Field(() => Int)
  leafIndex: number;

  @Field(() => Int)
  treeSize: number;

  @Field()
  leafHash: string;

  @Field(() => [String])
  auditPath: string[];
}

@ObjectType('ConsistencyProof')
export class ConsistencyProofModel {
  @Field(() => Int)
  fromSize: number;

  @Field(() => Int)
  toSize: number;

  @Field(() => [String])
  proof: string[];
}

@ObjectType('LedgerVerification')
export class LedgerVerificationModel {
  @Field()
  ok: boolean;

  @Field(() => Int)
  treeSize: number;

  @Field()
  rootHash: string;

  @Field(() => Int, { description: 'Signed tree heads checked against the recomputed roots.' })
  headsChecked: number;

  @Field(() => Int, { nullable: true })
  firstBadSeq: number | null;

  @Field(() => String, { nullable: true })
  problem: string | null;
}
