export * from './roles.js';
export * from './abilities.js';
export { subject, ForbiddenError } from '@casl/ability';
export { rulesToAST } from '@casl/ability/extra';
