import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES, type Role } from '@eastlake/policy';
import { OrganizationModel } from '../../organizations/models/organization.model.js';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => RoleEnum)
  role: Role;

  /** Resolved by UsersResolver through a per-request DataLoader. */
  @Field(() => OrganizationModel)
  organization?: OrganizationModel;

  organizationId: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When an admin disabled the account; null while it may sign in.' })
  disabledAt: Date | null;
}
