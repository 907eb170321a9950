import { Controller, HttpCode, Inject, Param, Put, Req } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';
import type { AuthenticatedRequest, AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { assertRawUpload, contentLengthOf, fileNameOf, guardedBody } from '../../common/http/raw-upload.util.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DatasetsService } from './datasets.service.js';

@Controller('api/datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The body is the file, streamed to storage (never buffered): size limit enforced while
   * streaming, SHA-256 computed on the way, a new immutable version on success, nothing
   * stored when it fails, stalls or the client goes away. Classification starts by itself.
   * The body is the raw file (see RAW_UPLOAD_TYPES): a form upload is refused with 415.
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
    assertRawUpload(req, { file: 'data.csv', contentType: 'text/csv' });
    const fileName = fileNameOf(req);
    const version = await this.datasets.upload(user, ability, id!, guardedBody(req, this.config.uploadIdleTimeoutMs), {
      contentLength: contentLengthOf(req),
      fileName,
    });
    return { versionId: version.id, bytes: version.bytes, sha256: version.sha256 };
  }
}
