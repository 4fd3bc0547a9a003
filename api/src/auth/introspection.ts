import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { ErrorCode } from '@custodian/schema';
import { Config } from '../config';
import { AppError, httpStatusOf } from '../errors';
import { Actor } from './actor';

/** Whether the operation asks for `__schema` or `__type` (at its root, through fragments too). */
export function asksForSchema(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean => set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
    if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
    if (seen.has(s.name.value)) return false;
    seen.add(s.name.value);
    const fragment = fragments.get(s.name.value);
    return fragment ? walk(fragment) : false;
  });
  return walk(operation.selectionSet);
}

/**
 * Schema introspection (GRAPHQL_INTROSPECTION): `true` for anyone, `authenticated` (the production
 * default) for signed-in users and API tokens, `false` for nobody. `__typename` is always allowed.
 */
export function assertIntrospectionAllowed(mode: Config['introspection'], actor: Actor | null): void {
  if (mode === 'true' || (mode === 'authenticated' && actor)) return;
  const code = mode === 'authenticated' ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN;
  throw new AppError(code, mode === 'authenticated' ? 'Sign in to introspect the schema' : 'Schema introspection is switched off',
    { reason: 'INTROSPECTION_DISABLED', http: { status: httpStatusOf(code) } });
}
