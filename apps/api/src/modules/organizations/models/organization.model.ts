import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ORGANIZATION_KINDS, type OrganizationKind } from '@eastlake/policy';

export const OrganizationKindEnum = Object.fromEntries(ORGANIZATION_KINDS.map((k) => [k, k])) as {
  [K in OrganizationKind]: K;
};
registerEnumType(OrganizationKindEnum, { name: 'OrganizationKind' });

@ObjectType('Organization')
export class OrganizationModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => OrganizationKindEnum)
  kind: OrganizationKind;

  @Field({ description: 'Set by a platform admin after checking who the organization is.' })
  verified: boolean;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a platform admin verified it.' })
  verifiedAt?: Date | null;

  verifiedBy?: string | null;
}
