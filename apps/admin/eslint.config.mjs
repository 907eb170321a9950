// The root config (TypeScript-aware, no `any`) plus the globals of this app's browser code
// and of its Node scripts and browser tests.
import root from '../../eslint.config.mjs';

const browser = Object.fromEntries(
  [
    'window',
    'document',
    'navigator',
    'sessionStorage',
    'localStorage',
    'fetch',
    'setTimeout',
    'clearTimeout',
    'HTMLElement',
  ].map((name) => [name, 'readonly']),
);
const node = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'fetch',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'Buffer',
  ].map((name) => [name, 'readonly']),
);

export default [
  ...root,
  { ignores: ['dist/**', 'test-artifacts/**', 'src/graphql/generated.ts'] },
  { files: ['src/**/*.{ts,tsx}'], languageOptions: { globals: browser } },
  { files: ['**/*.mjs'], languageOptions: { globals: node } },
];
