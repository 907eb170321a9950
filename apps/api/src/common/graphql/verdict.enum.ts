import { registerEnumType } from '@nestjs/graphql';

/**
 * The classifier's verdict as a GraphQL enum. Here rather than in the classification module:
 * the datasets list filters by it, and datasets sits below classification.
 */
export const VerdictEnum = { TRADEABLE: 'TRADEABLE', AMBIGUOUS: 'AMBIGUOUS', UNTRADEABLE: 'UNTRADEABLE' } as const;
registerEnumType(VerdictEnum, { name: 'Verdict' });
