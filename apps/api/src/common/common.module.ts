import { Global, Module } from '@nestjs/common';
import { PasswordService } from './auth/password.service.js';
import { TokenService } from './auth/token.service.js';

/** Cross-cutting services every module may inject. */
@Global()
@Module({
  providers: [TokenService, PasswordService],
  exports: [TokenService, PasswordService],
})
export class CommonModule {}
