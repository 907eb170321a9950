import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity.js';
import { AUTH_USER_LOOKUP } from '../../common/auth/auth-user-lookup.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { OrganizationVerifierResolver } from './organization-verifier.resolver.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), OrganizationsModule],
  // The guard finds accounts through UsersService (common/auth imports no module).
  providers: [UsersService, UsersResolver, OrganizationVerifierResolver, { provide: AUTH_USER_LOOKUP, useExisting: UsersService }],
  exports: [UsersService, AUTH_USER_LOOKUP],
})
export class UsersModule {}
