// The boundary rules fail on a fixture that breaks each of them, and only there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries } from './check-module-boundaries.mjs';
import { moduleOf } from './module-boundaries.mjs';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/violations');

test('a module is modules/<name>, common/<name>, config or database', () => {
  assert.equal(moduleOf('src/modules/access/dto/x.input.ts'), 'modules/access');
  assert.equal(moduleOf('src/common/auth/auth.guard.ts'), 'common/auth');
  assert.equal(moduleOf('src/config/config.ts'), 'config');
  assert.equal(moduleOf('src/database/entities.ts'), 'database');
  assert.equal(moduleOf('src/app.module.ts'), null);
});

test('the fixture breaks each rule once, and the allowed imports pass', async () => {
  const violations = await checkBoundaries(fixture);
  const keys = violations.map((v) => v.key).sort();
  assert.deepEqual(keys, [
    'cycle modules/alpha → modules/beta',
    'cycle modules/beta → modules/alpha',
    'entity src/modules/beta/beta.service.ts -> src/modules/alpha/alpha.entity.ts',
    'feature src/modules/gamma/gamma.entity.ts -> Gamma not in a TypeOrmModule.forFeature of modules/gamma',
    'sql src/modules/beta/beta.service.ts -> alphas',
  ]);
  assert.ok(!violations.some((v) => v.from.includes('gamma') && v.rule !== 'entity-registered-by-owner'), 'a type-only entity import and own-table SQL are allowed');
});
