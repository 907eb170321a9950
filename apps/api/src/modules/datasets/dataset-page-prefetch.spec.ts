import { describe, expect, it } from '@jest/globals';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { DatasetPagePrefetch } from './dataset-page-prefetch.js';

const schema = buildSchema(`
  type Dataset { id: ID title: String status: String currentVersionId: ID classification: String owner: String offer: String grade: String }
  type Query { d: Dataset }
`);
const type = schema.getType('Dataset') as GraphQLObjectType;
// Field resolvers, as Nest installs them: classification and owner declare what they read, offer does not.
for (const name of ['classification', 'owner', 'offer']) type.getFields()[name].resolve = () => null;
const columns = new Set(['id', 'title', 'status', 'currentVersionId', 'ownerOrgId', 'createdAt']);

describe('DatasetPagePrefetch.propertiesFor', () => {
  const registry = () => {
    const r = new DatasetPagePrefetch();
    r.register('classification', async () => undefined, ['currentVersionId']);
    r.declare('owner', ['ownerOrgId']);
    return r;
  };

  it('reads the columns of default-resolved fields and what field resolvers declared', () => {
    expect([...registry().propertiesFor(new Set(['id', 'title', 'classification', '__typename']), type, columns)!].sort()).toEqual(['currentVersionId', 'id', 'title']);
    expect([...registry().propertiesFor(new Set(['status', 'owner']), type, columns)!].sort()).toEqual(['ownerOrgId', 'status']);
  });

  it('reads every column when a field resolver declared nothing, or a field is not a column', () => {
    expect(registry().propertiesFor(new Set(['id', 'offer']), type, columns)).toBeUndefined();
    expect(registry().propertiesFor(new Set(['grade']), type, columns)).toBeUndefined();
    expect(registry().propertiesFor(new Set(['nonexistent']), type, columns)).toBeUndefined();
  });

  it('refuses a field declared twice', () => {
    const r = registry();
    expect(() => r.declare('owner', ['id'])).toThrow('declared what it reads already');
    expect(() => r.register('classification', async () => undefined)).toThrow('has a page prefetcher already');
  });
});
