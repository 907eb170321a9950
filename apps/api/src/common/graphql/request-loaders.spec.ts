import { describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import type { GqlContext } from '../auth/auth-user.js';
import { requestLoadersPlugin } from './request-loaders.plugin.js';
import { releaseRequestLoaders, requestLoader, settledValue } from './request-loaders.util.js';

const counting = () => {
  const batches: string[][] = [];
  const batch = async (ids: readonly string[]) => {
    batches.push([...ids]);
    return new Map(ids.map((id) => [id, `row ${id}`]));
  };
  return { batches, batch };
};

describe('request loaders', () => {
  it('share one loader per request and name, and start afresh once released', async () => {
    const req = {};
    const { batches, batch } = counting();
    const a = requestLoader(req, 'rows', batch);
    expect(requestLoader(req, 'rows', batch)).toBe(a);
    expect(await Promise.all([a.load('1'), a.load('2')])).toEqual(['row 1', 'row 2']);
    expect(await a.load('1')).toBe('row 1');
    expect(batches).toEqual([['1', '2']]);
    releaseRequestLoaders(req);
    const b = requestLoader(req, 'rows', batch);
    expect(b).not.toBe(a);
    expect(await b.load('1')).toBe('row 1');
    expect(batches).toEqual([['1', '2'], ['1']]);
  });

  it('tell what a loader has answered (null for nothing found), nothing before it answers, and forget it once released', async () => {
    const req = {};
    const batch = async (ids: readonly string[]) => new Map(ids.filter((id) => id !== 'none').map((id) => [id, `row ${id}`]));
    const loader = requestLoader(req, 'rows', batch);
    const pending = loader.loadMany(['1', 'none']);
    expect(settledValue(req, 'rows', '1')).toBeUndefined();
    await pending;
    expect(settledValue(req, 'rows', '1')).toBe('row 1');
    expect(settledValue(req, 'rows', 'none')).toBeNull();
    expect(settledValue(req, 'rows', '2')).toBeUndefined();
    expect(settledValue(req, 'other', '1')).toBeUndefined();
    expect(settledValue({}, 'rows', '1')).toBeUndefined();
    releaseRequestLoaders(req);
    expect(settledValue(req, 'rows', '1')).toBeUndefined();
  });

  it("are released by the Apollo plugin when the request's response is sent", async () => {
    const { batches, batch } = counting();
    const server = new ApolloServer<GqlContext>({
      typeDefs: 'type Query { row(id: ID!): String }',
      resolvers: { Query: { row: (_: unknown, { id }: { id: string }, ctx: GqlContext) => requestLoader(ctx.req, 'rows', batch).load(id) } },
      plugins: [requestLoadersPlugin()],
    });
    await server.start();
    const req = {} as GqlContext['req'];
    const first = await server.executeOperation({ query: '{ a: row(id: "7") b: row(id: "7") }' }, { contextValue: { req } });
    expect(first.body.kind === 'single' && first.body.singleResult.data).toEqual({ a: 'row 7', b: 'row 7' });
    expect(batches).toEqual([['7']]);
    // Released: the same request object no longer holds the loader or its rows.
    requestLoader(req, 'rows', batch).load('7');
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['7'], ['7']]);
    await server.stop();
  });
});
