import { Trim } from '../../../common/graphql/trim.transform.js';
import { Field, ID, InputType } from '@nestjs/graphql';
import type { Role } from '@eastlake/policy';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_RULES } from './password-rules.js';
import { RoleEnum } from '../models/user.model.js';

export const ADMIN_CREATED_ROLES = ['PROVIDER', 'BUYER', 'REGULATOR', 'ADMIN'] as const;

@InputType()
export class CreateUserInput {
  @Field()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email: string;

  @Field()
  @IsString()
  @MinLength(PASSWORD_RULES.min, { message: `password must be at least ${PASSWORD_RULES.min} characters` })
  @MaxLength(PASSWORD_RULES.max, { message: `password must be at most ${PASSWORD_RULES.max} characters` })
  password: string;

  @Field(() => RoleEnum, { description: 'Any role; it must fit the organization’s kind (ADMIN: a PLATFORM organization).' })
  @IsIn(ADMIN_CREATED_ROLES, { message: 'role must be PROVIDER, BUYER, REGULATOR or ADMIN' })
  role: Role;

  @Field(() => ID, { nullable: true, description: 'An existing organization whose kind fits the role (PROVIDER, BUYER, REGULATOR; PLATFORM for admins).' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @Field({ nullable: true, description: 'Creates a new verified organization of the matching kind.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'organizationName must not be blank' })
  @MaxLength(200, { message: 'organizationName must be at most 200 characters' })
  organizationName?: string;
}
