import { Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';
import type { AuthenticatedRequest, AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { ConsentService } from './consent.service.js';

@Controller('api/datasets')
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  /** The body is the manifest CSV. 201 with what was stored; the version is reclassified with it. */
  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Put(':id/consents')
  @HttpCode(201)
  async attach(
    @Param('id', ParseUuidPipe) id: string,
    @Req() req: AuthenticatedRequest,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<{ manifestId: string; versionId: string; records: number; purposes: string[] }> {
    const m = await this.consent.attach(user, ability, id!, req);
    return { manifestId: m.id, versionId: m.versionId, records: m.records, purposes: m.purposes };
  }
}
