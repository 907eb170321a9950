import { Inject, Injectable } from '@nestjs/common';
import { formatFen } from '@eastlake/compliance';
import { ForbiddenError, subject, type AppAbility } from '@eastlake/policy';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { whereAbilityAllows } from '../../common/database/ability-to-sql.util.js';
import { BadInputException, NotFoundException } from '../../common/errors/domain.exception.js';
import { MAX_PRICE_FEN, type PriceInput } from '../orders/models/order.models.js';
import { DomainEvents } from '../../common/events/domain-events.service.js';
import { requestLoader } from '../../common/graphql/request-loaders.util.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { actorOf } from '../ledger/ledger-actor.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { DatasetLifecycleService } from './dataset-lifecycle.service.js';
import { DatasetListFilters } from './dataset-list-filters.js';
import { findRawByIds } from '../../common/database/raw-entity-rows.util.js';
import { readDatasetRows, type DatasetProperties, type DatasetRows } from './dataset-list.query.js';
import { DatasetVersion } from './dataset-version.entity.js';
import { Dataset } from './dataset.entity.js';
import type { CreateDatasetInput } from './dto/create-dataset.input.js';
import type { DatasetsArgs, ReviewDecision } from './dto/datasets.args.js';
import { DatasetCreated, DatasetPublished, DatasetVersionUploaded } from './events/dataset-status-changed.event.js';
import { DatasetException, DatasetExceptionCode } from './exceptions/dataset.exception.js';
import { FILE_STORAGE, type FileStorage } from '../../common/storage/file-storage.js';

export interface DatasetPage {
  nodes: Dataset[];
  /** A node's cursor, encoded only when asked for (most clients read the end cursor alone). */
  cursorOf: (node: Dataset) => string;
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

interface Cursor {
  createdAt: string;
  id: string;
}

function encodeCursor(d: Dataset): string {
  return Buffer.from(JSON.stringify([d.createdAt.toISOString(), d.id])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('shape');
    return { createdAt, id };
  } catch {
    throw new BadInputException('after is not a cursor this API gave out');
  }
}

@Injectable()
export class DatasetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatasetLifecycleService,
    private readonly ledger: LedgerService,
    private readonly events: DomainEvents,
    private readonly filters: DatasetListFilters,
    private readonly organizations: OrganizationsService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private columnNames?: ReadonlySet<string>;

  /** The Dataset properties that are columns (what a page's rows can carry). */
  get columns(): ReadonlySet<string> {
    return (this.columnNames ??= new Set(this.dataSource.getMetadata(Dataset).columns.map((c) => c.propertyName)));
  }

  async create(user: AuthUser, input: CreateDatasetInput): Promise<Dataset> {
    return this.dataSource.transaction(async (manager) => {
      const dataset = await manager.save(
        manager.create(Dataset, {
          ownerOrgId: user.organizationId,
          title: input.title,
          description: input.description,
          region: input.region.toUpperCase(),
          provenance: input.provenance,
          parentGrantId: input.parentGrantId ?? null,
          acquiredFromDatasetId: null,
          rights: { holding: input.rights.holding, processing: input.rights.processing, operation: input.rights.operation },
          status: 'DRAFT',
          currentVersionId: null,
          reviewNote: null,
        }),
      );
      // Its entry (`dataset.created`) and the access module's parent-grant look-up, in this transaction.
      await this.events.emit(manager, new DatasetCreated(dataset, actorOf(user)));
      return dataset;
    });
  }

  /** The dataset if the caller may `action` it; NOT_FOUND when it may not even read it. */
  async getFor(ability: AppAbility, id: string, action: 'read' | 'update' | 'publish' | 'review' | 'readPreview' = 'read'): Promise<Dataset> {
    const dataset = await this.dataSource.manager.findOneBy(Dataset, { id });
    if (!dataset || !ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', id);
    ForbiddenError.from(ability).throwUnlessCan(action, subject('Dataset', dataset));
    return dataset;
  }

  /**
   * Stores an upload as a new immutable version and starts its classification (the
   * classification module's subscriber to DatasetVersionUploaded writes the job in this
   * transaction and queues it once it committed).
   */
  async upload(
    user: AuthUser,
    ability: AppAbility,
    id: string,
    body: Readable,
    meta: { contentLength?: number; fileName?: string },
  ): Promise<DatasetVersion> {
    const dataset = await this.getFor(ability, id, 'update');
    this.lifecycle.assertCan(dataset, 'UPLOAD');
    const limit = this.config.uploadMaxBytes;
    if (meta.contentLength !== undefined && meta.contentLength > limit) {
      throw new DatasetException(DatasetExceptionCode.FILE_TOO_LARGE, `the file is ${meta.contentLength} bytes; the limit is ${limit}`, { maxBytes: limit });
    }
    const key = `datasets/${dataset.id}/${randomUUID()}`;
    const stored = await this.storage.write(key, body, limit);
    if (stored.bytes === 0) {
      await this.storage.remove(key);
      throw new DatasetException(DatasetExceptionCode.EMPTY_FILE, 'the file is empty');
    }
    if (meta.contentLength !== undefined && stored.bytes !== meta.contentLength) {
      await this.storage.remove(key);
      throw new DatasetException(DatasetExceptionCode.UPLOAD_INCOMPLETE, `the upload ended after ${stored.bytes} of ${meta.contentLength} bytes`);
    }
    // Once committed, the file is the version's: a failure queueing it after commit keeps it.
    let committed = false;
    try {
      return await this.dataSource.transaction(async (manager) => {
        this.events.afterCommit(manager, async () => {
          committed = true;
        });
        const locked = await this.lifecycle.lockWithManager(manager, id);
        const { max } = (await manager
          .createQueryBuilder(DatasetVersion, 'v')
          .select('COALESCE(MAX(v.number), 0)', 'max')
          .where('v.datasetId = :id', { id })
          .getRawOne<{ max: number }>()) ?? { max: 0 };
        const created = await manager.save(
          manager.create(DatasetVersion, {
            datasetId: id,
            number: Number(max) + 1,
            storageKey: key,
            fileName: meta.fileName?.slice(0, 255) ?? null,
            bytes: stored.bytes,
            sha256: stored.sha256,
            rows: null,
            fingerprint: null,
            uploadedBy: user.id,
          }),
        );
        await this.lifecycle.applyWithManager(
          manager,
          locked,
          'UPLOAD',
          {
            action: 'dataset.version_uploaded',
            actor: actorOf(user),
            data: { versionId: created.id, number: created.number, bytes: created.bytes, sha256: created.sha256 },
            as: (transition) => new DatasetVersionUploaded(transition, created),
          },
          { currentVersionId: created.id, reviewNote: null },
        );
        return created;
      });
    } catch (error) {
      if (!committed) await this.storage.remove(key);
      throw error;
    }
  }

  async publish(user: AuthUser, ability: AppAbility, id: string): Promise<Dataset> {
    await this.getFor(ability, id, 'publish');
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, id);
      this.lifecycle.assertCan(dataset, 'PUBLISH');
      const owner = await this.organizations.findWithManager(manager, dataset.ownerOrgId);
      if (!owner?.verified) {
        throw new DatasetException(
          DatasetExceptionCode.ILLEGAL_TRANSITION,
          'your organization is not verified yet: a platform admin must verify it before you can publish',
        );
      }
      if (!dataset.rights.operation) {
        throw new DatasetException(DatasetExceptionCode.MISSING_RIGHT, 'publishing needs the product operation right, which this dataset does not declare');
      }
      // The parent grant, regulators' freezes and the data grade: DatasetPublished's subscriber
      // in the access module checks them in this transaction and throws to refuse.
      return this.lifecycle.applyWithManager(manager, dataset, 'PUBLISH', {
        action: 'dataset.published',
        actor: actorOf(user),
        data: { versionId: dataset.currentVersionId },
        as: (transition) => new DatasetPublished(transition),
      });
    });
  }

  /** The provider prices its listing (or clears the price with null); ledgered with the amount in fen. */
  async setPrice(user: AuthUser, ability: AppAbility, datasetId: string, price: PriceInput | null): Promise<Dataset> {
    if (price && (!Number.isSafeInteger(price.amountFen) || price.amountFen < 0 || price.amountFen > MAX_PRICE_FEN)) {
      throw new BadInputException(`amountFen must be a whole number of fen from 0 to ${MAX_PRICE_FEN.toLocaleString('en-US')} (¥10,000,000.00); got ${price.amountFen}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, datasetId);
      if (!ability.can('read', subject('Dataset', dataset))) throw new NotFoundException('dataset', datasetId);
      ForbiddenError.from(ability).setMessage('only the provider prices its listing').throwUnlessCan('update', subject('Dataset', dataset));
      const priced = await this.lifecycle.setPriceWithManager(manager, datasetId, { priceModel: price?.model ?? null, priceFen: price?.amountFen ?? null });
      await this.ledger.append(manager, {
        action: 'dataset.price_set',
        actor: actorOf(user),
        subject: { type: 'Dataset', id: datasetId },
        data: price ? { priceModel: price.model, amountFen: price.amountFen, currency: 'CNY', formatted: formatFen(price.amountFen) } : { priceModel: null, amountFen: null, currency: 'CNY', formatted: null },
      });
      return priced;
    });
  }

  async review(user: AuthUser, ability: AppAbility, id: string, decision: ReviewDecision, note?: string): Promise<Dataset> {
    await this.getFor(ability, id, 'review');
    const trimmed = note?.trim() || null;
    if (decision === 'REJECT' && !trimmed) throw new BadInputException('a rejection needs a note telling the provider why');
    return this.dataSource.transaction(async (manager) => {
      const dataset = await this.lifecycle.lockWithManager(manager, id);
      return this.lifecycle.applyWithManager(
        manager,
        dataset,
        decision,
        { action: 'dataset.reviewed', actor: actorOf(user), data: { decision, note: trimmed, versionId: dataset.currentVersionId } },
        { reviewNote: trimmed },
      );
    });
  }

  /**
   * One page of the datasets the caller may see, filtered and ordered in SQL. With `only`, the
   * rows carry just those properties (and id, createdAt): see DatasetPagePrefetch.propertiesFor.
   */
  async list(ability: AppAbility, args: DatasetsArgs, only?: DatasetProperties): Promise<DatasetPage> {
    const qb = this.dataSource.manager.createQueryBuilder(Dataset, 'dataset');
    whereAbilityAllows(qb, ability, 'read', 'Dataset');
    const f = args.filter ?? {};
    if (f.status) qb.andWhere('dataset.status = :status', { status: f.status });
    if (f.providerOrganizationId) qb.andWhere('dataset.ownerOrgId = :providerOrgId', { providerOrgId: f.providerOrganizationId });
    if (f.region) {
      const region = f.region.toUpperCase();
      qb.andWhere('(dataset.region = :region OR dataset.region LIKE :within)', { region, within: `${region}-%` });
    }
    // Conditions on what other modules own, registered by them (dataset-list-filters.ts): still one statement.
    if (f.purpose?.trim()) this.filters.apply('purpose', qb, f.purpose.trim().toLowerCase());
    if (f.search?.trim()) {
      const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(dataset.title ILIKE :like OR dataset.description ILIKE :like)', { like });
    }
    if (f.verdict) this.filters.apply('verdict', qb, f.verdict);
    const first = args.first ?? 20;
    // Read without entity hydration (dataset-list.query.ts); the first page brings its total along.
    let page: DatasetRows;
    if (args.after) {
      const totalCount = await qb.clone().getCount();
      const cursor = decodeCursor(args.after);
      qb.andWhere('(dataset.createdAt, dataset.id) < (:cursorAt, :cursorId)', { cursorAt: cursor.createdAt, cursorId: cursor.id });
      page = { rows: (await readDatasetRows(qb, first + 1, false, only)).rows, totalCount };
    } else {
      page = await readDatasetRows(qb, first + 1, true, only);
    }
    const { rows } = page;
    const totalCount = page.totalCount ?? 0;
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, cursorOf: encodeCursor, endCursor: last ? encodeCursor(last) : null, hasNextPage: rows.length > first, totalCount };
  }

  // Per-request loaders: a page of N datasets costs one query per field, not N (rows read without hydration).
  versionLoader(req: object) {
    return requestLoader(req, 'version', async (ids) =>
      new Map((await findRawByIds(this.dataSource.manager, DatasetVersion, 'id', ids)).map((v) => [v.id, v])),
    );
  }
}
