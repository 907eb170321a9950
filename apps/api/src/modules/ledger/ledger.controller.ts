import { Controller, Get, Req, Res } from '@nestjs/common';
import { parseTilePath } from '@eastlake/ledger';
import type { Request, Response } from 'express';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { Public } from '../../common/auth/public.decorator.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { LedgerCheckpointService } from './ledger-checkpoint.service.js';
import { LedgerTilesService } from './ledger-tiles.service.js';
import { LedgerAuditService } from './ledger-audit.service.js';
import { LedgerProofsService } from './ledger-proofs.service.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `tile/…` of the request path, parsed, or a 400 naming the path. */
function tileOf(req: Request) {
  const path = req.path.slice(req.path.indexOf('/tile/') + 1);
  const tile = parseTilePath(path);
  if (!tile) throw new BadInputException(`${path} is not a C2SP tile path (tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])`);
  return { path, tile };
}

function sendBytes(res: Response, bytes: Uint8Array): void {
  res.status(200).setHeader('content-type', 'application/octet-stream');
  res.setHeader('cache-control', IMMUTABLE);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
}

/** The regulators' export contract (DESIGN.md, "Audit ledger") and the C2SP entry bundles. */
@CheckPolicies((ability) => ability.can('read', 'LedgerEntry'))
@Controller('api/ledger')
export class LedgerController {
  constructor(
    private readonly proofs: LedgerProofsService,
    private readonly audit: LedgerAuditService,
    private readonly tiles: LedgerTilesService,
  ) {}

  @Get('head')
  async head(@Res() res: Response): Promise<void> {
    res.json(await this.proofs.head());
  }

  /** Streams NDJSON `{"seq", "entry", "leafHash"}` lines in seq order from 1. */
  @Get('export')
  async export(@Res() res: Response): Promise<void> {
    res.status(200).setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="eastlake-ledger.ndjson"');
    await this.audit.exportTo(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          if (res.destroyed) return reject(new Error('the client went away'));
          if (res.write(chunk)) resolve();
          else res.once('drain', resolve);
        }),
    );
    res.end();
  }

  /** C2SP entry bundle: each entry's canonical JSON behind a two-byte big-endian length. Entries are not public. */
  @Get('tile/entries/*rest')
  async entries(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { path, tile } = tileOf(req);
    if (tile.kind !== 'entries') throw new NotFoundException('entry bundle', path);
    const bundle = await this.tiles.entryBundle(tile.index, tile.width);
    if (!bundle) throw new NotFoundException('entry bundle', path);
    sendBytes(res, bundle);
  }
}

/**
 * The public C2SP face of the ledger: the checkpoint (with its witness cosignatures), the
 * note verifier key, the witnesses, and the hash tiles — none reveals an entry's content.
 */
@Public()
@Controller('api/ledger')
export class LedgerPublicController {
  constructor(
    private readonly tiles: LedgerTilesService,
    private readonly checkpoints: LedgerCheckpointService,
  ) {}

  /** The latest published checkpoint: a C2SP signed note, text/plain. */
  @Get('checkpoint')
  async checkpoint(@Res() res: Response): Promise<void> {
    const note = await this.checkpoints.checkpoint();
    res.status(200).setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.end(note);
  }

  /** The note verifier key of the checkpoint signature: `<origin>+<hex key id>+<base64(0x01 ‖ key)>`. */
  @Get('verifier-key')
  verifierKey(@Res() res: Response): void {
    res.status(200).setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`${this.checkpoints.verifierKey}\n`);
  }

  /** The witnesses, their keys, the quorum and what the last publishing attempt got from each. */
  @Get('witnesses')
  witnesses(): unknown {
    return {
      origin: this.checkpoints.origin,
      verifierKey: this.checkpoints.verifierKey,
      quorum: this.checkpoints.quorum,
      witnesses: this.checkpoints.witnesses.map((w) => ({ name: w.key.name, url: w.url, verifierKey: w.verifierKey })),
      lastAttempt: this.checkpoints.attempt(),
    };
  }

  /** A hash tile, `tile/<L>/<N>[.p/<W>]` (C2SP tlog-tiles, height 8). */
  @Get('tile/*rest')
  async tile(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { path, tile } = tileOf(req);
    if (tile.kind !== 'hash') throw new NotFoundException('tile', path);
    const data = await this.tiles.tile(tile.level, tile.index, tile.width);
    if (!data) throw new NotFoundException('tile', path);
    sendBytes(res, data);
  }
}
