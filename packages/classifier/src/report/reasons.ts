/** Reasons a provider understands, each with citations and a remediation. */
import type { ConsentReport, PiiType, Reason, Severity } from '../types.js';
import { TYPE_REGISTRY, typesOf } from '../registry/type-registry.js';
import type { Analysis, ColumnAnalysis } from './analyse.js';

const LABEL: Record<PiiType, string> = Object.fromEntries(
  TYPE_REGISTRY.map((d) => [d.type, d.label]),
) as Record<PiiType, string>;
/** MINOR has a reason of its own. */
const SENSITIVE_LISTED = typesOf('SENSITIVE').filter((t) => t !== 'MINOR');
const DIRECT_LISTED = typesOf('DIRECT_IDENTIFIER');

export const SPC_ART5 = '2017 SPC/SPP interpretation on personal-information crimes, Art. 5';

const pct = (r: number): string => `${(r * 100).toFixed(r < 0.1 ? 1 : 0)} %`;

function typesText(c: ColumnAnalysis, only: readonly PiiType[]): string {
  return c.types
    .filter((t) => only.includes(t.type) && c.held.has(t.type))
    .map((t) => `${LABEL[t.type]} (${pct(t.ratio)} of values)`)
    .join(', ');
}

export interface ReasonInput {
  analysis: Analysis;
  consent: ConsentReport | null;
  consentCoversAll: boolean;
  minorColumns: string[];
}

/** Reasons in order of severity: BLOCK, REVIEW, INFO. */
export function buildReasons({
  analysis: a,
  consent,
  consentCoversAll,
  minorColumns,
}: ReasonInput): Reason[] {
  const out: Reason[] = [];
  const lifted = (s: Severity): Severity => (consentCoversAll ? 'INFO' : s);
  const consentNote =
    consentCoversAll && consent
      ? ` Consent for "${consent.purpose}" covers every row that needs it.`
      : '';

  for (const c of a.columns) {
    if (c.held.has('MINOR')) {
      out.push({
        code: 'MINOR_DATA',
        severity: 'BLOCK',
        column: c.name,
        message: `Column "${c.name}" describes children under 14 (${c.types.find((t) => t.type === 'MINOR')?.matches} rows). Their data is sensitive and needs a guardian's consent, which cannot be verified here.`,
        citations: ['PIPL Art. 28', 'PIPL Art. 31', 'PIPL Art. 29'],
        remediation:
          'Drop the rows of children under 14, or generalise the column to bands that start at 14 or above; guardian consent is not accepted by v1.',
      });
    }
    if (c.split && (c.category === 'SENSITIVE' || c.category === 'DIRECT_IDENTIFIER')) {
      // v2: one reason per pair, on its left column.
      const other = a.columns.find((x) => x.name === c.split?.with);
      if (other && other.index < c.index) continue;
      out.push({
        code: 'SPLIT_IDENTIFIER',
        severity: lifted('BLOCK'),
        column: c.name,
        message: `Columns "${c.name}" and "${c.split.with}" hold ${LABEL[c.split.type]} split over two columns: joined row by row, their digits validate as ${LABEL[c.split.type]}.${consentNote}`,
        citations: [
          'PIPL Art. 28',
          'PIPL Art. 29',
          'PIPL Art. 23',
          'Criminal Law Art. 253-1',
          SPC_ART5,
        ],
        remediation: `Drop or mask both columns "${c.name}" and "${c.split.with}", or attach consent covering every row.`,
      });
      continue;
    }
    if (c.category === 'SENSITIVE') {
      const what = typesText(c, SENSITIVE_LISTED);
      if (!what) continue;
      const geo = c.held.has('GEO_TRACE');
      out.push({
        code: c.held.has('HEALTH')
          ? 'HEALTH_DATA'
          : geo
            ? 'LOCATION_TRACE'
            : 'SENSITIVE_IDENTIFIER',
        severity: lifted('BLOCK'),
        column: c.name,
        message: `Column "${c.name}" holds ${what}: sensitive personal information.${consentNote}`,
        citations: [
          'PIPL Art. 28',
          'PIPL Art. 29',
          'PIPL Art. 23',
          'Criminal Law Art. 253-1',
          SPC_ART5,
        ],
        remediation: geo
          ? 'Drop the coordinates or the entity column, or coarsen points to district level and aggregate; or attach consent (with separate consent for sensitive data) covering every row.'
          : 'Drop or mask the column (e.g. 420107********123X), or attach consent with separate consent for sensitive information covering every row.',
      });
    } else if (c.category === 'DIRECT_IDENTIFIER') {
      out.push({
        code: 'DIRECT_IDENTIFIER',
        severity: lifted('BLOCK'),
        column: c.name,
        message: `Column "${c.name}" holds ${typesText(c, DIRECT_LISTED)}: it identifies persons directly.${consentNote}`,
        citations: [
          'PIPL Art. 13',
          'PIPL Art. 23',
          'Cybersecurity Law Art. 42',
          'Criminal Law Art. 253-1',
        ],
        remediation:
          'Drop or mask the column (e.g. 138****5678), or attach consent for this purpose covering every row and publish the covered subset.',
      });
    } else if (c.category === 'PERSON_NAME') {
      out.push({
        code: 'PERSON_NAME',
        severity: lifted('REVIEW'),
        column: c.name,
        message: c.namePair
          ? `Columns "${c.name}" and "${c.namePair}" hold the parts of personal names (a first-name / last-name pair counts as one name column); names identify persons when combined with other columns.${consentNote}`
          : `Column "${c.name}" holds ${typesText(c, ['PERSON_NAME'])}; names identify persons when combined with other columns.${consentNote}`,
        citations: ['PIPL Art. 13', 'PIPL Art. 23', 'PIPL Art. 73'],
        remediation: 'Drop or mask the column (e.g. 张*), or attach consent covering every row.',
      });
    } else if (c.category === 'PSEUDONYMOUS') {
      out.push({
        code: 'PSEUDONYMOUS_ID',
        severity: lifted('REVIEW'),
        column: c.name,
        message: `Column "${c.name}" holds ${typesText(c, ['PSEUDONYMOUS_ID'])}. Hashed identifiers are de-identified, not anonymised: whoever holds the original identifiers can re-link them.`,
        citations: ['PIPL Art. 73', 'Data Security Law Art. 21'],
        remediation:
          'Drop the column, or replace it with a random per-buyer token; a reviewer must confirm no key or salt is shared.',
      });
    } else if (c.category === 'ONLINE_IDENTIFIER') {
      out.push({
        code: 'ONLINE_IDENTIFIER',
        severity: lifted('REVIEW'),
        column: c.name,
        message: `Column "${c.name}" holds ${typesText(c, ['IP_ADDRESS'])}, which can identify a subscriber.`,
        citations: ['PIPL Art. 73', 'Cybersecurity Law Art. 42'],
        remediation:
          'Drop the column or truncate addresses (e.g. 192.168.*.*), or attach consent covering every row.',
      });
    } else if (c.category === 'ENTERPRISE') {
      out.push({
        code: 'ENTERPRISE_IDENTIFIER',
        severity: 'INFO',
        column: c.name,
        message: `Column "${c.name}" holds ${typesText(c, ['CN_USCC'])}: enterprise information, not personal information.`,
        citations: ['Data Security Law Art. 21'],
        remediation: 'No action needed for this column.',
      });
    } else if (c.category === 'QUASI_IDENTIFIER') {
      out.push({
        code: 'QUASI_IDENTIFIER',
        severity: 'INFO',
        column: c.name,
        message: `Column "${c.name}" holds ${typesText(c, ['BIRTH_DATE', 'AGE', 'GENDER', 'POSTAL_CODE'])}, a quasi-identifier.`,
        citations: ['PIPL Art. 73'],
        remediation: 'Keep groups of at least 5 rows per combination of quasi-identifiers.',
      });
    }
    if (c.held.has('OPAQUE')) {
      out.push({
        code: 'OPAQUE_VALUES',
        severity: 'REVIEW',
        column: c.name,
        message: `Column "${c.name}" holds opaque encoded values (${pct(c.types.find((t) => t.type === 'OPAQUE')?.ratio ?? 0)} of values are base64 or hex that decodes to no readable text): the exchange cannot see what it holds, so a person must review it.`,
        citations: ['PIPL Art. 73', 'Data Security Law Art. 21', 'Data Security Law Art. 33'],
        remediation:
          'Drop the column, or publish it decoded; if it is ciphertext, a reviewer must confirm the key is not shared with buyers.',
      });
    }
    for (const [t, n] of c.scattered) {
      const ty = c.types.find((x) => x.type === t);
      const total = a.scatteredDirect;
      out.push({
        code: 'SCATTERED_IDENTIFIERS',
        severity: lifted(total >= 50 ? 'BLOCK' : 'REVIEW'),
        column: c.name,
        message: `Column "${c.name}" contains ${n} distinct ${LABEL[t]} in ${ty?.matches ?? n} of ${c.nonEmpty} values (${pct(ty?.ratio ?? 0)}); ${total} scattered direct identifiers in the dataset.${consentNote}`,
        citations:
          total >= 50
            ? ['PIPL Art. 13', 'PIPL Art. 23', 'Criminal Law Art. 253-1', SPC_ART5]
            : ['PIPL Art. 13', 'PIPL Art. 23'],
        remediation:
          'Remove or mask the identifiers inside the values (e.g. 138****5678), or attach consent covering those rows.',
      });
    }
  }

  if (a.groupTable) {
    out.push({
      code: 'GROUP_TABLE',
      severity: 'INFO',
      column: a.countColumn,
      message: `Rows describe groups (count column "${a.countColumn}", one row per combination); the smallest group has ${a.k} persons.`,
      citations: ['PIPL Art. 73'],
      remediation:
        a.k !== null && a.k < 5 ? 'Merge or suppress groups smaller than 5.' : 'No action needed.',
    });
  }
  if (a.kStale && a.qiGroups >= 2) {
    out.push({
      code: 'K_NOT_COMPUTED',
      severity: 'REVIEW',
      column: null,
      message:
        'The quasi-identifier columns were only known after the last row and the stream cannot be re-read: k-anonymity was not computed.',
      citations: ['PIPL Art. 73'],
      remediation:
        'Classify the file itself (not a one-shot stream) so it can be read a second time.',
    });
  }
  if (a.k !== null && a.qiGroups >= 2) {
    const names = [...a.qiColumns, ...a.districtColumns].map((i) => a.columns[i].name).join(', ');
    const low = a.k < 5;
    out.push({
      code: low ? 'LOW_K_ANONYMITY' : 'K_ANONYMITY',
      severity: low ? lifted('REVIEW') : 'INFO',
      column: null,
      message: `Quasi-identifiers ${names}: the smallest group sharing one combination has ${a.k} row(s)${a.kEstimated ? ' (estimated)' : ''}${low ? ', so individuals can be singled out (k < 5)' : ' (k ≥ 5)'}.`,
      citations: ['PIPL Art. 73', 'Data Security Law Art. 21'],
      remediation: low
        ? 'Aggregate to k ≥ 5: generalise (birth date → year or 10-year band, postcode → first 4 digits, district → city) or suppress rare combinations.'
        : 'No action needed.',
    });
  }
  if (minorColumns.length && consent) {
    out.push({
      code: 'CONSENT_NOT_SUFFICIENT_FOR_MINORS',
      severity: 'BLOCK',
      column: null,
      message:
        'The dataset holds data of children under 14; a consent manifest cannot lift that (guardian consent is not modelled).',
      citations: ['PIPL Art. 31'],
      remediation: 'Drop the rows of children under 14.',
    });
  }
  if (consent) {
    const all = consent.neededRows > 0 && consent.coveredRows === consent.neededRows;
    out.push({
      code: all
        ? 'CONSENT_COVERS_ALL'
        : consent.neededRows === 0
          ? 'CONSENT_NOT_APPLICABLE'
          : 'CONSENT_INCOMPLETE',
      severity: all || consent.neededRows === 0 ? 'INFO' : 'BLOCK',
      column: null,
      message: all
        ? `Consent for "${consent.purpose}" covers all ${consent.neededRows} rows that hold direct identifiers.`
        : consent.neededRows === 0
          ? 'No row holds a direct identifier that a consent record could match; the manifest does not change the verdict.'
          : `Consent for "${consent.purpose}" covers ${consent.coveredRows} of ${consent.neededRows} rows that need it.`,
      citations: ['PIPL Art. 13', 'PIPL Art. 23', 'PIPL Art. 29'],
      remediation: all
        ? 'Keep the manifest with the listing; revocations must be honoured.'
        : `Publish only the ${consent.coveredRows} covered rows, or obtain consent (third-party provision, this purpose, separate consent for sensitive data) for the rest.`,
    });
  }
  for (const e of a.exposure) {
    if (e.distinct < e.tier) continue;
    out.push({
      code: 'EXPOSURE_THRESHOLD',
      severity: 'INFO',
      column: null,
      message: `${e.distinct} distinct ${LABEL[e.type]}: at or above the ${e.tier}-item threshold for "serious circumstances" in the 2017 SPC/SPP interpretation.`,
      citations: ['Criminal Law Art. 253-1', SPC_ART5],
      remediation:
        'Providing this without a lawful basis is a criminal offence at this volume; remove the data or make sure consent covers it.',
    });
  }
  const order: Record<Severity, number> = { BLOCK: 0, REVIEW: 1, INFO: 2 };
  return out.sort((x, y) => order[x.severity] - order[y.severity]);
}
