import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The field names selected under `path` (e.g. `['edges', 'node']`) of the field being resolved,
 * through inline fragments and fragment spreads, every `info.fieldNodes` merged. Directives
 * (`@include`/`@skip`) are not evaluated: a field they might leave out still counts, which only
 * means its data is loaded when it may not be asked for.
 */
export function selectedFieldsAt(info: GraphQLResolveInfo, ...paths: ReadonlyArray<readonly string[]>): Set<string> {
  const found = new Set<string>();
  for (const path of paths) {
    for (const node of info.fieldNodes) collect(node.selectionSet, path, info.fragments, found, 0);
  }
  return found;
}

function collect(set: SelectionSetNode | undefined, path: readonly string[], fragments: Record<string, FragmentDefinitionNode>, into: Set<string>, depth: number): void {
  if (!set || depth > 32) return;
  for (const selection of set.selections) {
    if (selection.kind === 'InlineFragment') {
      collect(selection.selectionSet, path, fragments, into, depth + 1);
    } else if (selection.kind === 'FragmentSpread') {
      collect(fragments[selection.name.value]?.selectionSet, path, fragments, into, depth + 1);
    } else if (path.length === 0) {
      into.add((selection as FieldNode).name.value);
    } else if (selection.name.value === path[0]) {
      collect(selection.selectionSet, path.slice(1), fragments, into, depth + 1);
    }
  }
}
