import { Controller, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { AppAbility } from '@eastlake/policy';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AuthenticatedRequest, AuthUser } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import { UnsupportedMediaTypeException } from '../../common/errors/domain.exception.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { contentLengthOf, fileNameOf, guardedBody } from '../../common/http/raw-upload.util.js';
import { CrossBorderService } from './cross-border.service.js';
import type { CrossBorderEvidenceModel } from './models/cross-border.models.js';

/** Documents are sent as the body itself (PDF, image, text); forms are refused like every upload of the API. */
const DOCUMENT_TYPES = ['application/pdf', 'application/octet-stream', 'image/png', 'image/jpeg', 'text/plain'];
const EVIDENCE_IDLE_MS = 30_000;

@Controller('api/cross-border')
export class CrossBorderController {
  constructor(private readonly crossBorder: CrossBorderService) {}

  /**
   * The exporter files evidence of its mechanism for a calendar year:
   * `PUT /api/cross-border/evidence?year=2026&mechanism=STANDARD_CONTRACT` with the document as the body.
   */
  @CheckPolicies((ability) => ability.can('upload', 'CrossBorderEvidence'))
  @Put('evidence')
  @HttpCode(201)
  upload(
    @Query('year') year: string,
    @Query('mechanism') mechanism: string,
    @Req() req: AuthenticatedRequest,
    @CurrentUser() user: AuthUser,
    @CurrentAbility() ability: AppAbility,
  ): Promise<CrossBorderEvidenceModel> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && !DOCUMENT_TYPES.includes(type)) {
      throw new UnsupportedMediaTypeException(
        `content type ${type} is not accepted: send the document itself as the body (${DOCUMENT_TYPES.join(', ')}), e.g. ` +
          `curl -X PUT --data-binary @contract.pdf -H 'content-type: application/pdf' -H "authorization: Bearer $TOKEN" '…/api/cross-border/evidence?year=2026&mechanism=STANDARD_CONTRACT'`,
      );
    }
    return this.crossBorder.upload(user, ability, { year: Number(year), mechanism: mechanism ?? '', fileName: fileNameOf(req), contentLength: contentLengthOf(req) }, guardedBody(req, EVIDENCE_IDLE_MS));
  }

  @CheckPolicies((ability) => ability.can('read', 'CrossBorderEvidence'))
  @Get('evidence/:id/document')
  async document(@Param('id', ParseUuidPipe) id: string, @CurrentAbility() ability: AppAbility, @Res() res: Response): Promise<void> {
    const doc = await this.crossBorder.document(ability, id);
    res.status(200);
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(doc.bytes));
    res.setHeader('content-disposition', `attachment; filename="${encodeURIComponent(doc.fileName)}"`);
    await pipeline(doc.body, res);
  }
}
