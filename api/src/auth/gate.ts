import { AuthCheckerFn, MiddlewareFn } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { Context } from '../context';
import { assertOperationAllowed, assertPermission } from './policy';

/** Every root query and mutation passes the operation gate of the policy. */
export const operationGate: MiddlewareFn<Context> = ({ context, info }, next) => {
  const parent = info.parentType.name;
  if (parent === 'Query' || parent === 'Mutation') assertOperationAllowed(context.actor, context.authError, info.fieldName);
  return next();
};

/** type-graphql's authChecker: `@Authorized(Permission.X)` asks the policy. */
export const authChecker: AuthCheckerFn<Context, Permission> = ({ context, info }, permissions) => {
  assertOperationAllowed(context.actor, context.authError, info.fieldName);
  for (const p of permissions) assertPermission(context.actor!, p);
  return true;
};
