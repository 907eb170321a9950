/**
 * @eastlake/classifier — detects personal information in datasets and decides whether they
 * may be traded (CLASSIFIER.md), each reason with legal citations and a remediation.
 */
export { classifyFile, classifyStream, ENGINE_VERSION } from './classify.js';
export { ClassifierError, ClassifierErrorCode } from './errors.js';
export { maskValue } from './mask.js';
export {
  subjectKeyFor,
  normaliseIdentifier,
  isRecordValid,
  parseBool,
  parsePurposes,
} from './consent.js';
export {
  isResidentId,
  isUscc,
  isBankCard,
  isMobile,
  isEmail,
  isPassport,
  isStockAccount,
  isIpv4,
  isHexDigest,
  luhn,
} from './detect/validators.js';
export { isChineseName, isRomanisedName } from './detect/names.js';
export { isAddress, isHealthValue } from './detect/value-detectors.js';
export { VERDICT_RULES, type VerdictRule, type VerdictFacts } from './report/verdict-rules.js';
export type {
  Category,
  ClassificationReport,
  ClassifyOptions,
  ColumnReport,
  ColumnType,
  ConsentReport,
  ExposureEntry,
  PiiType,
  Reason,
  ReasonCode,
  Severity,
  Verdict,
} from './types.js';
export { previewFile, type MaskedPreview } from './preview.js';
export { forEachSubjectKey } from './subjects.js';
export { MinHasher, MINHASH_K, jaccard, containment } from './minhash.js';
export { readTable, type TableSink, type TableInfo } from './input/read-table.js';
