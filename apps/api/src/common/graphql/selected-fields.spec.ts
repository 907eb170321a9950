import { describe, expect, it } from '@jest/globals';
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectedFieldsAt } from './selected-fields.util.js';

const schema = buildSchema(`
  type Node { id: ID title: String status: String classification: String }
  type Edge { node: Node cursor: String }
  type Connection { edges: [Edge] totalCount: Int }
  type Query { list: Connection }
`);

/** The node fields `selectedFieldsAt(info, ['edges', 'node'])` reports for `query`. */
async function nodeFields(query: string): Promise<string[]> {
  let seen: Set<string> | undefined;
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      list: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        seen = selectedFieldsAt(info, ['edges', 'node']);
        return { edges: [], totalCount: 0 };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return [...(seen ?? [])].sort();
}

describe('selectedFieldsAt', () => {
  it('reads the fields under a path, through inline fragments, fragment spreads and aliases', async () => {
    expect(await nodeFields('{ list { totalCount edges { cursor node { id title } } } }')).toEqual(['id', 'title']);
    expect(await nodeFields('{ list { edges { node { ... on Node { status } ...F } } } } fragment F on Node { classification }')).toEqual(['classification', 'status']);
    expect(await nodeFields('{ list { ...C } } fragment C on Connection { edges { n: node { id } } }')).toEqual(['id']);
    expect(await nodeFields('{ a: list { edges { node { id } } } }')).toEqual(['id']);
  });

  it('finds nothing when the path is not selected', async () => {
    expect(await nodeFields('{ list { totalCount } }')).toEqual([]);
    expect(await nodeFields('{ list { edges { cursor } } }')).toEqual([]);
  });
});
