import type { ClassificationReport } from '@eastlake/classifier';
import { addToHolding, formatFen, INFO_CLASSES, infoClassOf, tierPosition, type Holding, type InfoClass, type TierPosition } from '@eastlake/compliance';
import type { EntityManager } from 'typeorm';
import { reportOfVersion } from '../classification/classification-reads.js';
import type { ConsentService } from '../consent/consent.service.js';

/**
 * Cumulative criminal-law tiers (2017 SPC/SPP interpretation Art. 5) per buyer organisation.
 *
 * What counts: personal information a buyer received **without a lawful basis on record**.
 * A delivered version has a lawful basis when the consent on record for the grant's purpose
 * covers every row of it (PIPL Art. 13 (1), 23): consented data is not "illegally obtained"
 * (Criminal Law Art. 253-1 para. 3). Each version counts once per buyer, however often it is
 * delivered. An item is one person's record: a row carrying a mobile and a name is one item of
 * "other" personal information, so a version adds, per class of Art. 5, the largest distinct
 * count among its types of that class (enterprise credit codes, CN_USCC, are not personal).
 */

const NOT_PERSONAL = new Set(['CN_USCC']);

export type ClassItems = Record<InfoClass, number>;

const NO_ITEMS: ClassItems = { WHEREABOUTS_CREDIT_PROPERTY: 0, HEALTH_TRANSACTION: 0, OTHER: 0 };

/** Items per class of Art. 5 that one version holds, from its exposure counts. */
export function itemsOfReport(report: Pick<ClassificationReport, 'exposure'>): ClassItems {
  const items = { ...NO_ITEMS };
  for (const e of report.exposure) {
    if (NOT_PERSONAL.has(e.type)) continue;
    const c = infoClassOf(e.type);
    items[c] = Math.max(items[c], e.distinct);
  }
  return items;
}

const hasItems = (items: ClassItems) => INFO_CLASSES.some((c) => items[c] > 0);

/** Consent on record, as the tier checks read it: the consent module's ConsentService. */
export type ConsentOnRecord = Pick<ConsentService, 'coversEveryRowWithManager' | 'purposeCoverageWithManager'>;

/** Proceeds (fen) an organization recorded selling personal information without a lawful basis (Art. 5 para. 1 (7)): the orders module's `unlawfulProceedsOf`. */
export type UnlawfulProceeds = (manager: EntityManager, orgId: string) => Promise<number>;

/**
 * What the tier checks read from the modules that own it, handed in by the caller (the access
 * module, which depends on both already): enforcement imports neither, so neither can import it back.
 */
export interface TierSources {
  consent: ConsentOnRecord;
  unlawfulProceedsOf: UnlawfulProceeds;
}

/** Whether a regulator or admin marked the organization an insider (Art. 5 para. 1 (8): half the standards). */
export async function insiderOf(manager: EntityManager, orgId: string): Promise<boolean> {
  const rows: Array<{ insider: boolean }> = await manager.query(`SELECT insider FROM organization_insiders WHERE organization_id = $1`, [orgId]);
  return rows[0]?.insider ?? false;
}

/**
 * What `orgId` holds without a lawful basis, summed over its history: the items it received as a
 * buyer, the proceeds it recorded as a seller (orders for personal information without a lawful
 * basis), and whether it is an insider.
 */
export async function unlawfulHoldingOf(manager: EntityManager, buyerOrgId: string, unlawfulProceedsOf: UnlawfulProceeds): Promise<Holding> {
  const [row]: Array<{ w: string; h: string; o: string }> = await manager.query(
    `SELECT COALESCE(SUM(whereabouts_items), 0) AS w, COALESCE(SUM(health_items), 0) AS h, COALESCE(SUM(other_items), 0) AS o
       FROM buyer_holdings WHERE buyer_org_id = $1 AND NOT lawful`,
    [buyerOrgId],
  );
  return {
    items: { WHEREABOUTS_CREDIT_PROPERTY: Number(row.w), HEALTH_TRANSACTION: Number(row.h), OTHER: Number(row.o) },
    proceedsFen: await unlawfulProceedsOf(manager, buyerOrgId),
    insider: await insiderOf(manager, buyerOrgId),
  };
}

/** The lawful basis of trading a version for a purpose: none needed without personal items, else consent covering every row. */
export async function lawfulBasisOf(manager: EntityManager, consent: ConsentOnRecord, versionId: string, purpose: string): Promise<{ lawful: boolean; items: ClassItems }> {
  const report = await reportOfVersion(manager, versionId);
  const items = report ? itemsOfReport(report) : { ...NO_ITEMS };
  return { lawful: hasItems(items) ? await consent.coversEveryRowWithManager(manager, versionId, purpose) : true, items };
}

/** What a delivery of `versionId` under `purpose` would add to the buyer's unlawful holding. */
export interface TierAssessment {
  lawful: boolean;
  alreadyHeld: boolean;
  items: ClassItems;
  before: Holding;
  after: Holding;
  position: TierPosition;
  /** The delivery adds items without a lawful basis and leaves the buyer at or past a tier. */
  refused: boolean;
}

export async function assessTier(manager: EntityManager, sources: TierSources, buyerOrgId: string, versionId: string, purpose: string): Promise<TierAssessment> {
  const before = await unlawfulHoldingOf(manager, buyerOrgId, sources.unlawfulProceedsOf);
  const held: unknown[] = await manager.query(`SELECT 1 FROM buyer_holdings WHERE buyer_org_id = $1 AND version_id = $2`, [buyerOrgId, versionId]);
  const report = await reportOfVersion(manager, versionId);
  const items = report ? itemsOfReport(report) : { ...NO_ITEMS };
  const lawful = hasItems(items) ? await sources.consent.coversEveryRowWithManager(manager, versionId, purpose) : true;
  const alreadyHeld = held.length > 0;
  const after = lawful || alreadyHeld ? before : addToHolding(before, { items });
  const position = tierPosition(after);
  return { lawful, alreadyHeld, items, before, after, position, refused: !lawful && !alreadyHeld && hasItems(items) && position.level !== 'NONE' };
}

const CLASS_LABEL: Record<InfoClass, string> = {
  WHEREABOUTS_CREDIT_PROPERTY: 'whereabouts, credit or property',
  HEALTH_TRANSACTION: 'health or transaction',
  OTHER: 'other personal',
};

const n = (x: number) => x.toLocaleString('en-US');

/** The figures of a refusal, for the buyer and the provider. */
export function tierRefusalMessage(a: TierAssessment): string {
  const s = a.position.standards;
  const parts = INFO_CLASSES.filter((c) => a.after.items[c] > 0).map(
    (c) => `${n(a.after.items[c])} items of ${CLASS_LABEL[c]} information (standard ${n(s.items[c])}${a.items[c] ? `, this delivery ${n(a.items[c])}` : ''})`,
  );
  const level = a.position.level === 'ESPECIALLY_SERIOUS' ? '"especially serious" (ten times the standards)' : '"serious"';
  if (a.after.proceedsFen > 0) parts.push(`proceeds of ${formatFen(a.after.proceedsFen)} from selling without a lawful basis (standard ${formatFen(s.proceedsFen)})`);
  const insider = a.after.insider ? ' (an insider: half the standards, Art. 5 para. 1 (8))' : '';
  return (
    `receiving this version would take the buyer${insider} to ${parts.join(', ')} without consent on record — ` +
    `${Math.round(a.position.quantityShare * 100)} % of the standard as a proportional sum, ${level} under the 2017 SPC/SPP interpretation ` +
    `on personal-information crimes Art. 5 (Criminal Law Art. 253-1); it needs consent covering every row for the purpose`
  );
}

/** Records what a delivery added to the buyer's holdings: once per version, as it was first obtained (a later consent does not make an earlier receipt lawful). */
export async function recordHolding(manager: EntityManager, consent: ConsentOnRecord, grant: { id: string; buyerOrgId: string; versionId: string; purposes: string[] }): Promise<void> {
  const report = await reportOfVersion(manager, grant.versionId);
  const items = report ? itemsOfReport(report) : { ...NO_ITEMS };
  const lawful = hasItems(items) ? await consent.coversEveryRowWithManager(manager, grant.versionId, grant.purposes[0]) : true;
  await manager.query(
    `INSERT INTO buyer_holdings (buyer_org_id, version_id, grant_id, lawful, whereabouts_items, health_items, other_items)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (buyer_org_id, version_id) DO NOTHING`,
    [grant.buyerOrgId, grant.versionId, grant.id, lawful, items.WHEREABOUTS_CREDIT_PROPERTY, items.HEALTH_TRANSACTION, items.OTHER],
  );
}
