import { Module } from '@nestjs/common';
import { AccessRequestNamesResolver, GrantNamesResolver } from './counterparty-names.resolver.js';
import { OrganizationsResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';

@Module({
  providers: [OrganizationsService, OrganizationsResolver, AccessRequestNamesResolver, GrantNamesResolver],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
