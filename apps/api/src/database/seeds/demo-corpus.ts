import { fileURLToPath } from 'node:url';

/**
 * The labelled corpus the repository carries, which the demo seed lists. The path is the same
 * from `src/` (tests) and from `dist/` (npm start): both sit at apps/api/<src|dist>/database/seeds.
 */
export const DEMO_CORPUS = fileURLToPath(new URL('../../../../../fixtures/corpus/', import.meta.url));
