import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginThrottle } from './login-throttle.entity.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([LoginThrottle]), OrganizationsModule, UsersModule],
  providers: [AuthService, AuthResolver, LoginThrottleService],
  exports: [AuthService],
})
export class AuthModule {}
