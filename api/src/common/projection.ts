import { FragmentDefinitionNode, GraphQLResolveInfo, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Every field name that appears anywhere in the operation and its fragments. A superset of what a
 * list's nodes select (a nested contact's `name` also counts for the customer), which is all a
 * projection needs: a column is loaded when a field of its name may be asked for. Apollo caches the
 * parsed document, so this is computed once per distinct query text.
 */
const namesOfOperation = new WeakMap<OperationDefinitionNode, ReadonlySet<string>>();

function collect(set: SelectionSetNode | undefined, out: Set<string>): void {
  for (const s of set?.selections ?? []) {
    if (s.kind === 'Field') out.add(s.name.value);
    if (s.kind !== 'FragmentSpread') collect(s.selectionSet, out);
  }
}

export function documentFieldNames(info: GraphQLResolveInfo): ReadonlySet<string> {
  const known = namesOfOperation.get(info.operation);
  if (known) return known;
  const out = new Set<string>();
  collect(info.operation.selectionSet, out);
  for (const f of Object.values(info.fragments) as FragmentDefinitionNode[]) collect(f.selectionSet, out);
  namesOfOperation.set(info.operation, out);
  return out;
}

/**
 * `alias.property` selections for the entity columns a request can use: the columns named by a
 * field of the document and those always needed (keys, archive facts, version). Columns nobody asked
 * for — wide notes, account numbers — are neither read, sorted nor hydrated.
 */
export function projectedColumns<E extends ObjectLiteral>(
  ds: DataSource, target: EntityTarget<E>, alias: string, names: ReadonlySet<string>, always: readonly string[],
): string[] {
  const keep = new Set(always);
  return ds.getMetadata(target).columns
    .filter((c) => c.isPrimary || keep.has(c.propertyName) || names.has(c.propertyName))
    .map((c) => `${alias}.${c.propertyName}`);
}
