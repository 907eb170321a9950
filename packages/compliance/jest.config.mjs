import { jestConfig } from '../../jest.base.mjs';

export default jestConfig({ roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] });
