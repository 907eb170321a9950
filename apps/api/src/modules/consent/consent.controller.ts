import { Controller, HttpCode, Inject, Param, Put, Req } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AppAbility } from '@eastlake/policy';
import type { AuthenticatedRequest, AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { assertRawUpload, guardedBody } from '../../common/http/raw-upload.util.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ConsentRevocationService } from './consent-revocation.service.js';
import { ConsentService } from './consent.service.js';

const REVOCATIONS_MAX_BYTES = 8 * 1024 * 1024;

async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > REVOCATIONS_MAX_BYTES) throw new BadInputException(`a revocation list is at most ${REVOCATIONS_MAX_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@Controller('api/datasets')
export class ConsentController {
  constructor(
    private readonly consent: ConsentService,
    private readonly revocations: ConsentRevocationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The body is the manifest CSV (raw, not a form). 201 with what was stored; the version is reclassified with it. */
  @CheckPolicies((ability) => ability.can('update', 'Dataset'))
  @Put(':id/consents')
  @HttpCode(201)
  async attach(
    @Param('id', ParseUuidPipe) id: string,
    @Req() req: AuthenticatedRequest,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<{ manifestId: string; versionId: string; records: number; purposes: string[] }> {
    assertRawUpload(req, { file: 'consents.csv', contentType: 'text/csv' });
    const m = await this.consent.attach(user, ability, id!, guardedBody(req, this.config.uploadIdleTimeoutMs));
    return { manifestId: m.id, versionId: m.versionId, records: m.records, purposes: m.purposes };
  }

  /** Bulk withdrawal: the body lists subject keys, one per line (a `subject_key` header is allowed). */
  @CheckPolicies((ability) => ability.can('revokeConsent', 'Dataset'))
  @Put(':id/consents/revocations')
  @HttpCode(200)
  async revoke(
    @Param('id', ParseUuidPipe) id: string,
    @Req() req: AuthenticatedRequest,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<{ datasetId: string; status: string; subjects: number }> {
    assertRawUpload(req, { file: 'withdrawn.txt', contentType: 'text/plain' });
    const keys = ConsentRevocationService.parseKeys(await readText(guardedBody(req, this.config.uploadIdleTimeoutMs)));
    const dataset = await this.revocations.revoke(user, ability, id!, keys);
    return { datasetId: dataset.id, status: dataset.status, subjects: keys.length };
  }
}
