import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { defineAbilityFor } from '@eastlake/policy';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AccessRequest } from '../../modules/access/access-request.entity.js';
import { AccessService } from '../../modules/access/access.service.js';
import { Delivery } from '../../modules/access/delivery.entity.js';
import { Grant } from '../../modules/access/grant.entity.js';
import { ClassificationJob } from '../../modules/classification/classification-job.entity.js';
import { ConsentManifest } from '../../modules/consent/consent-manifest.entity.js';
import { ConsentService } from '../../modules/consent/consent.service.js';
import { Dataset } from '../../modules/datasets/dataset.entity.js';
import { DatasetsService } from '../../modules/datasets/datasets.service.js';
import { User } from '../../modules/users/user.entity.js';
import { DEMO_CORPUS } from './demo-corpus.js';

export { DEMO_CORPUS };

export interface DemoListing {
  file: string;
  title: string;
  description: string;
  region: string;
  owner: string;
  /** A consent manifest (corpus file) attached after the first verdict. */
  consent?: string;
  publish: boolean;
  /** The demo buyer asks for this purpose, the provider approves, the buyer downloads once. */
  sale?: { purpose: string; durationDays: number; region: string };
}

/** The story a newcomer's catalogue, review queue, dashboard and ledger tell. */
export const DEMO_LISTINGS: readonly DemoListing[] = [
  {
    file: 'census_aggregates.csv',
    title: 'Census aggregates by district (demo)',
    description: 'Population counts by district and age band; aggregates only, no person in it.',
    region: 'CN',
    owner: 'provider@demo.eastlake',
    publish: true,
  },
  {
    file: 'province_sales.csv',
    title: 'Retail sales by province (demo)',
    description: 'Monthly retail sales per province and category.',
    region: 'CN',
    owner: 'provider@demo.eastlake',
    publish: true,
  },
  {
    file: 'weather_wuhan.csv',
    title: 'Wuhan hourly weather (demo)',
    description: 'Hourly temperature, humidity and rainfall in Wuhan.',
    region: 'CN-HB',
    owner: 'provider@demo.eastlake',
    publish: true,
  },
  {
    file: 'wine_customers.csv',
    title: 'Wine club customers, consented (demo)',
    description: 'Customers who consented to marketing and research; tradeable for those purposes only.',
    region: 'CN-HB',
    owner: 'provider@demo.eastlake',
    consent: 'wine_customers.consent.csv',
    publish: true,
    sale: { purpose: 'marketing', durationDays: 90, region: 'CN' },
  },
  {
    file: 'survey_quasi.csv',
    title: 'Consumer survey with birth dates and postcodes (demo)',
    description: 'Quasi-identifiers with small groups: waiting for a reviewer.',
    region: 'CN-HB',
    owner: 'provider2@demo.eastlake',
    publish: false,
  },
  {
    file: 'shareholders.csv',
    title: 'Shareholder list (demo)',
    description: 'Resident IDs, mobiles and securities accounts without consent: untradeable, see its report.',
    region: 'CN',
    owner: 'provider2@demo.eastlake',
    publish: false,
  },
];

const BUYER = 'buyer@demo.eastlake';
const WAIT_MS = 120_000;

class SeedStopped extends Error {}

/**
 * Lists the demo datasets through the real services (so every step is classified,
 * policy-checked and ledgered like a user's). Idempotent and resumable: each step runs only
 * when its result is missing, so a second start adds nothing and a start interrupted
 * mid-way finishes the story the next time; `told` is called once the whole story is there.
 * Never called in production (config refuses a demo seed there).
 * @returns the titles of the listings it created.
 */
export async function seedDemoDatasets(app: INestApplication, logger: Logger, corpus = DEMO_CORPUS, told?: () => void): Promise<string[]> {
  if (!existsSync(join(corpus, 'expected.json'))) {
    logger.warn({ corpus }, 'demo datasets skipped: the fixtures folder is not there');
    return [];
  }
  const seeder = new DemoSeeder(app, corpus);
  const created: string[] = [];
  try {
    // Listed one after another (the catalogue's order is the story's), then uploaded,
    // classified, consented, published and sold side by side: the first start waits for
    // the slowest listing, not for all of them in turn.
    const listed = [];
    for (const listing of DEMO_LISTINGS) listed.push({ listing, ...(await seeder.list(listing)) });
    // The longest stories (consent, then a sale) start first: their jobs are queued first.
    const steps = (l: DemoListing) => Number(Boolean(l.consent)) + Number(Boolean(l.sale));
    const byLength = [...listed].sort((a, b) => steps(b.listing) - steps(a.listing));
    const outcomes = await Promise.allSettled(byLength.map(({ listing, dataset }) => seeder.complete(listing, dataset)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    for (const { listing, created: isNew } of listed) if (isNew) created.push(listing.title);
    // Every step of every listing is there now.
    told?.();
  } catch (error) {
    // The exchange still starts; the next start resumes where this one stopped.
    logger.warn({ err: error }, 'demo datasets: seeding stopped early; it resumes at the next start');
  }
  return created;
}

class DemoSeeder {
  private readonly dataSource: DataSource;
  private readonly datasets: DatasetsService;
  private readonly consent: ConsentService;
  private readonly access: AccessService;

  constructor(
    app: INestApplication,
    private readonly corpus: string,
  ) {
    this.dataSource = app.get(DataSource);
    this.datasets = app.get(DatasetsService);
    this.consent = app.get(ConsentService);
    this.access = app.get(AccessService);
  }

  private async user(email: string): Promise<AuthUser> {
    const u = await this.dataSource.manager.findOneBy(User, { email });
    if (!u) throw new SeedStopped(`the demo account ${email} is missing`);
    return { id: u.id, email: u.email, role: u.role, organizationId: u.organizationId };
  }

  private file(name: string): Readable {
    return Readable.from([readFileSync(join(this.corpus, name))]);
  }

  /** Waits for the current version's classification job (in-process or a worker). */
  private async settled(id: string): Promise<Dataset> {
    const until = Date.now() + WAIT_MS;
    for (;;) {
      const d = await this.dataSource.manager.findOneByOrFail(Dataset, { id });
      const job = d.currentVersionId ? await this.dataSource.manager.findOneBy(ClassificationJob, { versionId: d.currentVersionId }) : null;
      if (job?.state === 'FAILED') throw new SeedStopped(`classification of "${d.title}" failed: ${job.error}`);
      if (job?.state === 'COMPLETED' && d.status !== 'CLASSIFYING') return d;
      if (Date.now() > until) throw new SeedStopped(`"${d.title}" is still ${d.status}`);
      // Short: an in-process job ends within a few hundred ms, and every wait here delays the first start.
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The listing's dataset, created (DRAFT) when missing; `created` says whether this run did. */
  async list(listing: DemoListing): Promise<{ dataset: Dataset; created: boolean }> {
    const owner = await this.user(listing.owner);
    const found = await this.dataSource.manager.findOneBy(Dataset, { ownerOrgId: owner.organizationId, title: listing.title });
    if (found) return { dataset: found, created: false };
    const dataset = await this.datasets.create(owner, {
      title: listing.title,
      description: listing.description,
      region: listing.region,
      provenance: 'COLLECTED',
      rights: { holding: true, processing: true, operation: true },
    });
    return { dataset, created: true };
  }

  /** Every step of the listing's story still missing: upload, consent, publication, the sale. */
  async complete(listing: DemoListing, listed: Dataset): Promise<void> {
    const owner = await this.user(listing.owner);
    const ability = defineAbilityFor(owner);
    let dataset = listed;
    if (!dataset.currentVersionId) {
      await this.datasets.upload(owner, ability, dataset.id, this.file(listing.file), { fileName: listing.file });
    }
    dataset = await this.settled(dataset.id);
    if (listing.consent && !(await this.dataSource.manager.existsBy(ConsentManifest, { versionId: dataset.currentVersionId! }))) {
      await this.consent.attach(owner, ability, dataset.id, this.file(listing.consent));
      dataset = await this.settled(dataset.id);
    }
    if (listing.publish && dataset.status === 'TRADEABLE') {
      dataset = await this.datasets.publish(owner, ability, dataset.id);
    }
    if (listing.sale && dataset.status === 'PUBLISHED') await this.sell(dataset, owner, listing.sale);
  }

  /** The demo buyer's request, the provider's approval and one delivery, each once. */
  private async sell(dataset: Dataset, provider: AuthUser, sale: NonNullable<DemoListing['sale']>): Promise<void> {
    const buyer = await this.user(BUYER);
    const buyerAbility = defineAbilityFor(buyer);
    const m = this.dataSource.manager;
    let request = await m.findOne(AccessRequest, { where: { datasetId: dataset.id, buyerOrgId: buyer.organizationId, purpose: sale.purpose }, order: { createdAt: 'ASC' } });
    request ??= await this.access.request(buyer, { datasetId: dataset.id, ...sale });
    if (request.status === 'PENDING') {
      request = await this.access.decide(provider, defineAbilityFor(provider), request.id, true, 'Demo: approved for the stated purpose.');
    }
    const grant = request.status === 'APPROVED' ? await m.findOneBy(Grant, { requestId: request.id }) : null;
    if (!grant || grant.status !== 'ACTIVE' || (await m.existsBy(Delivery, { grantId: grant.id }))) return;
    const { url } = await this.access.issueDownloadToken(buyer, buyerAbility, grant.id);
    await this.access.redeem(buyer, buyerAbility, url.split('/').pop()!, async ({ body }) => {
      for await (const chunk of body) void chunk; // the buyer reads it all
    });
  }
}
