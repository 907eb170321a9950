import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { GrantMode } from './grant.entity.js';

/** How a listing's version is delivered (DOWNLOAD, QUERY), answered by the module that owns query offers. */
export interface DeliveryModesSource {
  withManager(manager: EntityManager, versionId: string | null): Promise<GrantMode[]>;
  /** One batched lookup per GraphQL request for a page of listings. */
  loader(request: object, manager: EntityManager): DataLoader<string, GrantMode[] | null>;
}

/**
 * The delivery modes the access policy checks at request and shows in `Dataset.offer`. The query
 * module registers its source (`onModuleInit`): it sits above access (its grants are access's),
 * so access imports none of it.
 */
@Injectable()
export class DeliveryModes implements DeliveryModesSource {
  private source: DeliveryModesSource | null = null;

  register(source: DeliveryModesSource): void {
    if (this.source) throw new Error('the delivery modes source is registered twice');
    this.source = source;
  }

  withManager(manager: EntityManager, versionId: string | null): Promise<GrantMode[]> {
    return this.registered().withManager(manager, versionId);
  }

  loader(request: object, manager: EntityManager): DataLoader<string, GrantMode[] | null> {
    return this.registered().loader(request, manager);
  }

  private registered(): DeliveryModesSource {
    if (!this.source) throw new Error('no module registered the delivery modes source');
    return this.source;
  }
}
