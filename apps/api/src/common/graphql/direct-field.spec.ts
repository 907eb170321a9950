import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Args, Context, Info, Parent } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { buildSchema, graphql, type GraphQLObjectType } from 'graphql';
import { DirectField, directFieldMarks, installDirectFields } from './direct-field.decorator.js';

const sdl = `type Item { id: ID! label: String! size: Int! path: String! }
             type Query { items: [Item!]! }`;

class ItemResolver {
  readonly prefix = 'item';
  calls: Array<{ parent: unknown; context: unknown }> = [];

  @DirectField('Item')
  label(@Parent() item: { id: string }, @Context() ctx: { user: string }): string {
    this.calls.push({ parent: item, context: ctx });
    return `${this.prefix} ${item.id} for ${ctx.user}`;
  }

  @DirectField('Item')
  path(@Parent() item: { id: string }, @Context() _ctx: unknown, @Info() info: GraphQLResolveInfo): string {
    return `${info.fieldName} of ${item.id}`;
  }

  @DirectField('Item')
  async size(@Parent() item: { id: string }): Promise<number> {
    return item.id.length;
  }
}

class WithArgs {
  @DirectField('Item')
  label(@Parent() _item: unknown, @Args('x') x: string): string {
    return x;
  }
}

class Swapped {
  @DirectField('Item')
  label(@Context() _ctx: unknown, @Parent() _item: unknown): string {
    return '';
  }
}

class Missing {
  @DirectField('Item')
  colour(@Parent() _item: unknown): string {
    return '';
  }
}

const marksOf = (target: object) => directFieldMarks().filter((m) => m.target === target);
const nestResolved = () => {
  // Nest leaves a resolver on every field it resolves: stand in for it.
  const schema = buildSchema(sdl);
  const item = schema.getType('Item') as GraphQLObjectType;
  for (const name of ['label', 'size', 'path']) {
    item.getFields()[name].resolve = () => {
      throw new Error('Nest path called');
    };
  }
  (schema.getQueryType()?.getFields().items as { resolve?: unknown }).resolve = () => [{ id: 'a' }, { id: 'bcd' }];
  return schema;
};

describe('DirectField', () => {
  it('calls the marked methods straight, on their instance, with the parent and the context', async () => {
    const instance = new ItemResolver();
    const schema = installDirectFields(nestResolved(), () => instance, marksOf(ItemResolver));
    const result = await graphql({ schema, source: '{ items { id label size path } }', contextValue: { user: 'u1' } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      items: [
        { id: 'a', label: 'item a for u1', size: 1, path: 'path of a' },
        { id: 'bcd', label: 'item bcd for u1', size: 3, path: 'path of bcd' },
      ],
    });
    expect(instance.calls.map((c) => c.parent)).toEqual([{ id: 'a' }, { id: 'bcd' }]);
    expect(instance.calls[0].context).toEqual({ user: 'u1' });
  });

  it('refuses, at install, a method with other parameters, parameters out of order, or no such field', () => {
    const install = (target: object) => () => installDirectFields(nestResolved(), () => new (target as new () => object)(), marksOf(target));
    expect(install(WithArgs)).toThrow('@DirectField WithArgs.label: its parameters must be @Parent() and optionally @Context() and @Info(), in that order');
    expect(install(Swapped)).toThrow('@DirectField Swapped.label: its parameters must be');
    expect(install(Missing)).toThrow('@DirectField Missing.colour: the schema has no resolved field Item.colour');
  });
});
