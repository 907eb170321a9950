import { Trim } from '../../../common/graphql/trim.transform.js';
import { Field, InputType } from '@nestjs/graphql';
import { SELF_REGISTERED_KINDS, type OrganizationKind } from '@eastlake/policy';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OrganizationKindEnum } from '../../organizations/models/organization.model.js';
import { PASSWORD_RULES } from '../../users/dto/password-rules.js';

@InputType()
export class RegisterInput {
  @Field()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email: string;

  @Field({ description: `At least ${PASSWORD_RULES.min} characters.` })
  @IsString()
  @MinLength(PASSWORD_RULES.min, { message: `password must be at least ${PASSWORD_RULES.min} characters` })
  @MaxLength(PASSWORD_RULES.max, { message: `password must be at most ${PASSWORD_RULES.max} characters` })
  password: string;

  @Field()
  @IsString()
  @Matches(/\S/, { message: 'organizationName must not be blank' })
  @MaxLength(200, { message: 'organizationName must be at most 200 characters' })
  organizationName: string;

  @Field(() => OrganizationKindEnum, { description: 'PROVIDER or BUYER.' })
  @IsIn(SELF_REGISTERED_KINDS, { message: 'kind must be PROVIDER or BUYER; regulators and admins are created by an admin' })
  kind: OrganizationKind;
}
