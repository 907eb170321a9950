import { jestConfig } from '../../jest.base.mjs';

export default jestConfig({
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // PGlite boots a WASM Postgres per test file: give it room on a shared 2-core machine.
  testTimeout: 60_000,
});
