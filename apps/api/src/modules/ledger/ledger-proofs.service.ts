import {
  LedgerException as LedgerLibraryException,
  MerkleFrontier,
  computeFromTiles,
  consistencyProof,
  inclusionProof,
  toHex,
  type SignedTreeHead,
} from '@eastlake/ledger';
import { signTreeHead, type SigningKey } from '@eastlake/ledger/node';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { LedgerException, LedgerExceptionCode } from './exceptions/ledger.exception.js';
import { LedgerEntryRow } from './ledger-entry.entity.js';
import { LedgerHeadRow } from './ledger-head.entity.js';
import { LEDGER_SIGNING_KEY } from './ledger-signing-key.provider.js';
import { LedgerTilesService } from './ledger-tiles.service.js';
import { LedgerService } from './ledger.service.js';
import { TreeHeadRow } from './tree-head.entity.js';

const MAX_PAGE = 1000;

/** A stored tree head as the contract gives it. */
export function toSignedHead(row: TreeHeadRow): SignedTreeHead {
  return {
    treeSize: row.treeSize,
    rootHash: row.rootHash,
    timestamp: row.timestamp,
    signature: row.signature,
    publicKey: row.publicKey,
  };
}

/**
 * What the ledger proves to readers: signed tree heads, pages of entries, and inclusion
 * and consistency proofs built from O(log n) stored tiles. Every read flushes the queue
 * first (LedgerService), so it sees every change committed before the call.
 */
@Injectable()
export class LedgerProofsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly tiles: LedgerTilesService,
    @Inject(LEDGER_SIGNING_KEY) private readonly key: SigningKey,
  ) {}

  /** The signed head of the current tree; signs and stores a new one when the tree grew. */
  async head(): Promise<SignedTreeHead> {
    await this.ledger.flush();
    const manager = this.dataSource.manager;
    const current = await manager.findOneByOrFail(LedgerHeadRow, { id: 1 });
    const stored = await manager.findOneBy(TreeHeadRow, { treeSize: current.size });
    if (stored) return toSignedHead(stored);
    const root = MerkleFrontier.fromState(current.frontier).root();
    const signed = signTreeHead(this.key.privateKeyPem, {
      treeSize: current.size,
      rootHash: toHex(root),
      timestamp: new Date().toISOString(),
    });
    await manager
      .createQueryBuilder()
      .insert()
      .into(TreeHeadRow)
      .values({ ...signed, timestamp: String(signed.timestamp) })
      .orIgnore()
      .execute();
    // Another process may have signed the same size first: serve the stored one.
    return toSignedHead(await manager.findOneByOrFail(TreeHeadRow, { treeSize: current.size }));
  }

  async entries(args: { after?: number; first?: number; subjectId?: string }): Promise<LedgerEntryRow[]> {
    await this.ledger.flush();
    const first = Math.min(Math.max(args.first ?? 100, 1), MAX_PAGE);
    return this.dataSource.manager.find(LedgerEntryRow, {
      where: { seq: MoreThan(args.after ?? 0), ...(args.subjectId ? { subjectId: args.subjectId } : {}) },
      order: { seq: 'ASC' },
      take: first,
    });
  }

  /** Reads the stored tiles; a missing or short tile is a damaged ledger, reported as such. */
  private async fromTiles<T>(compute: Parameters<typeof computeFromTiles<T>>[1]): Promise<T> {
    try {
      return await computeFromTiles(this.tiles.reader(), compute);
    } catch (error) {
      if (error instanceof LedgerLibraryException) throw new LedgerException(LedgerExceptionCode.TILES_DAMAGED, `the stored tiles cannot serve this proof: ${error.message}`);
      throw error;
    }
  }

  /** Inclusion proof from O(log n) stored tiles (about two per tile level). */
  async inclusionProof(seq: number, treeSize: number): Promise<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] }> {
    const size = await this.ledger.size();
    if (!Number.isInteger(treeSize) || treeSize < 1 || treeSize > size) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `treeSize must be between 1 and the ledger size ${size}`);
    }
    if (!Number.isInteger(seq) || seq < 1 || seq > treeSize) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `seq must be between 1 and treeSize ${treeSize}`);
    }
    const { leaf, path } = await this.fromTiles((source) => ({ leaf: source.leafHash(seq - 1), path: inclusionProof(source, seq - 1, treeSize) }));
    return { leafIndex: seq - 1, treeSize, leafHash: toHex(leaf), auditPath: path.map(toHex) };
  }

  /** Consistency proof from O(log n) stored tiles. */
  async consistencyProof(fromSize: number, toSize: number): Promise<{ fromSize: number; toSize: number; proof: string[] }> {
    const size = await this.ledger.size();
    if (!Number.isInteger(toSize) || toSize < 1 || toSize > size) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `toSize must be between 1 and the ledger size ${size}`);
    }
    if (!Number.isInteger(fromSize) || fromSize < 1 || fromSize > toSize) {
      throw new LedgerException(LedgerExceptionCode.BAD_RANGE, `fromSize must be between 1 and toSize ${toSize}`);
    }
    const proof = await this.fromTiles((source) => consistencyProof(source, fromSize, toSize));
    return { fromSize, toSize, proof: proof.map(toHex) };
  }
}
