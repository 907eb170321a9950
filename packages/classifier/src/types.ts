/** Personal-information and related types the classifier reports. */
export type PiiType =
  | 'CN_RESIDENT_ID'
  | 'CN_USCC'
  | 'BANK_CARD'
  | 'CN_MOBILE'
  | 'EMAIL'
  | 'CN_PASSPORT'
  | 'STOCK_ACCOUNT'
  | 'IP_ADDRESS'
  | 'PSEUDONYMOUS_ID'
  | 'PERSON_NAME'
  | 'ADDRESS'
  | 'BIRTH_DATE'
  | 'AGE'
  | 'GENDER'
  | 'POSTAL_CODE'
  | 'MINOR'
  | 'HEALTH'
  | 'GEO_TRACE'
  /** v2: a column of opaque encoded values (base64/hex that decodes to no text); makes the dataset AMBIGUOUS. */
  | 'OPAQUE';

/** Codes of the classifier's reasons (CLASSIFIER.md "Reasons"); `RESALE_SUSPECTED` is added by the API. */
export type ReasonCode =
  | 'MINOR_DATA'
  | 'HEALTH_DATA'
  | 'LOCATION_TRACE'
  | 'SENSITIVE_IDENTIFIER'
  | 'DIRECT_IDENTIFIER'
  | 'SPLIT_IDENTIFIER'
  | 'PERSON_NAME'
  | 'PSEUDONYMOUS_ID'
  | 'ONLINE_IDENTIFIER'
  | 'OPAQUE_VALUES'
  | 'ENTERPRISE_IDENTIFIER'
  | 'QUASI_IDENTIFIER'
  | 'SCATTERED_IDENTIFIERS'
  | 'GROUP_TABLE'
  | 'LOW_K_ANONYMITY'
  | 'K_ANONYMITY'
  | 'K_NOT_COMPUTED'
  | 'CONSENT_NOT_SUFFICIENT_FOR_MINORS'
  | 'CONSENT_COVERS_ALL'
  | 'CONSENT_NOT_APPLICABLE'
  | 'CONSENT_INCOMPLETE'
  | 'EXPOSURE_THRESHOLD'
  | 'RESALE_SUSPECTED'
  /** Set by the API when the classifier cannot read an upload (the CLI exits 2 instead). */
  | 'UNREADABLE_INPUT';

/** One category per column, the first that applies (CLASSIFIER.md "Categories"). */
export type Category =
  | 'SENSITIVE'
  | 'DIRECT_IDENTIFIER'
  | 'PERSON_NAME'
  | 'QUASI_IDENTIFIER'
  | 'PSEUDONYMOUS'
  | 'ONLINE_IDENTIFIER'
  | 'ENTERPRISE'
  | 'NONE';

export type Verdict = 'TRADEABLE' | 'AMBIGUOUS' | 'UNTRADEABLE';
export type Severity = 'BLOCK' | 'REVIEW' | 'INFO';

/** A type a column holds (ratio ≥ 0.6) or, for display, its validated values. */
export interface ColumnType {
  type: PiiType;
  /** Non-empty values of the column that validate as `type`. */
  matches: number;
  /** matches / non-empty values, rounded to 4 decimals. */
  ratio: number;
}

export interface ColumnReport {
  name: string;
  category: Category;
  types: ColumnType[];
}

export interface Reason {
  code: ReasonCode;
  severity: Severity;
  /** Column name, or null for dataset-level reasons. */
  column: string | null;
  message: string;
  citations: string[];
  remediation: string;
}

export interface ConsentReport {
  coveredRows: number;
  neededRows: number;
  purpose: string;
}

export interface ExposureEntry {
  type: PiiType;
  /** Distinct validated values (see docs/compliance-rules.md for the unit per type). */
  distinct: number;
  /** Number of items that meets the 2017 SPC/SPP interpretation Art. 5 threshold: 50, 500 or 5000. */
  tier: 50 | 500 | 5000;
}

/** The report: exactly the `eastlake-classify --json` shape of CLASSIFIER.md. */
export interface ClassificationReport {
  verdict: Verdict;
  rows: number;
  columns: ColumnReport[];
  reasons: Reason[];
  consent: ConsentReport | null;
  exposure: ExposureEntry[];
  warnings: string[];
  stats: { bytes: number; ms: number };
}

/** Options for {@link classifyFile} and {@link classifyStream}. */
export interface ClassifyOptions {
  /** Path to a consent manifest CSV. Needs `purpose`. */
  consentPath?: string;
  /** Purpose of the trade the consent must list. Ignored (with a warning) without `consentPath`. */
  purpose?: string;
  /** "Today" — defaults to the moment of classification. */
  now?: Date;
  /** Called after each chunk read; `totalBytes` is 0 when unknown (streams). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * `classifyFile` only: threads that read a large CSV file in segments (the report is the same
   * whatever the number). Default on the main thread: one per idle core (from the load
   * average) plus one, up to 4; 1 inside a worker thread (a server already runs
   * classifications side by side).
   */
  threads?: number;
}
