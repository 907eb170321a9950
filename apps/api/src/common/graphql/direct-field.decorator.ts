import { PARAM_ARGS_METADATA } from '@nestjs/graphql';
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

/**
 * Field resolvers that GraphQL calls straight, outside Nest's per-call context creator.
 *
 * Nest wraps every `@ResolveField` method in an async chain (guards, interceptors, and for each
 * parameter its extractor and the global pipes), about ten promises per call: for a page of 50
 * listings, every such field costs 50 of those chains, which showed as the largest block of
 * allocations in a profile of `datasets(first: 50)`. A method marked `@DirectField('Type')`
 * whose parameters are exactly `@Parent()` and optionally `@Context()` and `@Info()` needs none of that (field
 * resolvers get no guards or interceptors here: `fieldResolverEnhancers` is empty, and the pipes
 * leave a parent, a context and the info as they are), so {@link installDirectFields} puts a plain
 * function in the schema that calls the method with the same values. Anything else
 * (arguments, `@CurrentAbility()`, pipes) keeps Nest's path; a mark on such a method fails the
 * start, naming it.
 */
interface DirectFieldMark {
  target: abstract new (...args: never[]) => object;
  method: string;
  typeName: string;
}

const marks: DirectFieldMark[] = [];
const installed = new WeakSet<object>();

/** Whether a schema field's resolver is a direct call installed here (not Nest's wrapper). */
export function isDirectResolver(resolve: unknown): boolean {
  return typeof resolve === 'function' && installed.has(resolve);
}

/** Marks a `@ResolveField` method of type `typeName` as a direct field (see the module comment). */
export function DirectField(typeName: string): MethodDecorator {
  return (prototype, method) => {
    marks.push({ target: prototype.constructor as DirectFieldMark['target'], method: String(method), typeName });
  };
}

// Nest's GraphQL parameter types (GqlParamtype): the parent, the context and the resolve info.
const ROOT = 0;
const CONTEXT = 1;
const INFO = 2;

/** Why `method` cannot be called as (parent, context, info), or null when it can. */
function signatureProblem(mark: DirectFieldMark): string | null {
  const params = (Reflect.getMetadata(PARAM_ARGS_METADATA, mark.target, mark.method) ?? {}) as Record<string, { index: number }>;
  const byIndex = new Map<number, string>();
  for (const [key, { index }] of Object.entries(params)) byIndex.set(index, key.split(':')[0]);
  const expected = [String(ROOT), String(CONTEXT), String(INFO)].slice(0, byIndex.size);
  if (byIndex.size === 0 || byIndex.size > 3 || expected.some((type, i) => byIndex.get(i) !== type)) {
    return 'its parameters must be @Parent() and optionally @Context() and @Info(), in that order';
  }
  return null;
}

/**
 * Replaces the resolvers of the marked fields in `schema` with direct calls on the instances
 * `instanceOf` gives (the app's singletons). Fails, naming the field, when a mark does not fit.
 */
export function installDirectFields(
  schema: GraphQLSchema,
  instanceOf: (target: DirectFieldMark['target']) => object,
  of: ReadonlyArray<Readonly<DirectFieldMark>> = marks,
): GraphQLSchema {
  for (const mark of of) {
    const where = `@DirectField ${mark.target.name}.${mark.method}`;
    const type = schema.getType(mark.typeName);
    const field = isObjectType(type) ? type.getFields()[mark.method] : undefined;
    if (!field?.resolve) throw new Error(`${where}: the schema has no resolved field ${mark.typeName}.${mark.method}`);
    const problem = signatureProblem(mark);
    if (problem) throw new Error(`${where}: ${problem}`);
    const instance = instanceOf(mark.target) as Record<string, unknown>;
    const fn = instance[mark.method];
    if (typeof fn !== 'function') throw new Error(`${where}: not a method of its instance`);
    const call = fn as (parent: unknown, context: unknown, info: unknown) => unknown;
    const resolve: GraphQLFieldResolver<unknown, unknown> = (parent, _args, context, info) => call.call(instance, parent, context, info);
    installed.add(resolve);
    field.resolve = resolve;
  }
  return schema;
}

/** The marks made so far (tests install a few of them on a schema of their own). */
export function directFieldMarks(): ReadonlyArray<Readonly<DirectFieldMark>> {
  return marks;
}
