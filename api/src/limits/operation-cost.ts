import {
  DocumentNode, FieldNode, FragmentDefinitionNode, getNamedType, GraphQLSchema, isCompositeType, Kind, OperationDefinitionNode, SelectionSetNode,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/**
 * What an operation may cost, measured before it runs. Complexity follows GitHub's node-limit model:
 * the number of objects the response may hold. A field with a `first` argument multiplies its whole
 * subtree by that page size (20 when omitted), so nested lists multiply; other objects count 1;
 * scalars are free (wide selections are bounded by the alias limit instead). Introspection is free.
 */

/** Page size assumed for a paged field called without `first` (the API's default). */
export const DEFAULT_FIRST = 20;

const nodeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const composite = isCompositeType(getNamedType(field.type));
  if (typeof args.first === 'number') return Math.max(0, args.first) * (1 + childComplexity);
  if ('first' in args || field.args.some((a) => a.name === 'first')) return DEFAULT_FIRST * (1 + childComplexity);
  return composite ? 1 + childComplexity : 0;
};

/** Shape of an operation that does not depend on its variables. */
export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  introspectionOnly: boolean;
}

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

/**
 * Depth (fields nested, fragments expanded), aliases (every aliased field, each fragment spread
 * counted where it is used) and root fields of the operation. Cyclic fragments are invalid GraphQL
 * and already refused by validation; `seen` stops them here too.
 */
export function operationShape(doc: DocumentNode, operation: OperationDefinitionNode): OperationShape {
  const fragments = fragmentsOf(doc);
  let aliases = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let max = depth;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) aliases += 1;
        if (sel.selectionSet && !sel.name.value.startsWith('__')) max = Math.max(max, walk(sel.selectionSet, depth + 1, seen));
        else max = Math.max(max, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, walk(sel.selectionSet, depth, seen));
      } else {
        const f = fragments.get(sel.name.value);
        if (!f || seen.has(f.name.value)) continue;
        max = Math.max(max, walk(f.selectionSet, depth, new Set([...seen, f.name.value])));
      }
    }
    return max;
  };
  const depth = walk(operation.selectionSet, 0, new Set());
  const roots: FieldNode[] = [];
  const collectRoots = (set: SelectionSetNode, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) roots.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) collectRoots(sel.selectionSet, seen);
      else {
        const f = fragments.get(sel.name.value);
        if (f && !seen.has(f.name.value)) collectRoots(f.selectionSet, new Set([...seen, f.name.value]));
      }
    }
  };
  collectRoots(operation.selectionSet, new Set());
  const introspectionOnly = roots.length > 0 && roots.every((r) => r.name.value.startsWith('__'));
  return { depth, aliases, rootFields: roots.filter((r) => r.name.value !== '__typename').length, introspectionOnly };
}

/** Complexity of one operation with its variables. */
export function operationComplexity(schema: GraphQLSchema, doc: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({ schema, query: doc, operationName, variables, estimators: [nodeEstimator], maxQueryNodes: 20_000 });
}
