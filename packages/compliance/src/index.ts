/**
 * @eastlake/compliance — the 2017–2025 rules as pure functions, shared by the API and the
 * admin app: criminal-law tiers (2017 SPC/SPP Interpretation Art. 5), cross-border mechanisms
 * (CAC 2024 Provisions), GB/T 43697-2024 data grades, and amounts in fen.
 */
export * from './criminal-tiers.js';
export * from './cross-border.js';
export * from './grading.js';
export * from './money.js';
export * from './people-count.js';
