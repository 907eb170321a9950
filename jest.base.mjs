// Shared Jest settings: ESM TypeScript through @swc/jest (NestJS 12 is ESM-only, see STACK.md).
export function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.tsx?$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true, tsx: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
            keepClassNames: true,
          },
          module: { type: 'es6' },
        },
      ],
    },
    ...overrides,
  };
}
