import { Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';
import type { AuthenticatedRequest, AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { DatasetsService } from './datasets.service.js';

@Controller('api/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /**
   * The body is the file, streamed to storage (never buffered): size limit enforced while
   * streaming, SHA-256 computed on the way, a new immutable version on success, nothing
   * stored when it fails or the client goes away. Classification starts by itself.
   */
  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Put(':id/file')
  @HttpCode(201)
  async upload(
    @Param('id', ParseUuidPipe) id: string,
    @Req() req: AuthenticatedRequest,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<{ versionId: string; bytes: number; sha256: string }> {
    const length = req.headers['content-length'];
    const name = req.headers['x-file-name'];
    const version = await this.datasets.upload(user, ability, id!, req, {
      contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
      fileName: typeof name === 'string' ? decodeURIComponent(name) : undefined,
    });
    return { versionId: version.id, bytes: version.bytes, sha256: version.sha256 };
  }
}
