import { AuthCheckerFn } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { Context } from '../context';
import { assertOperationAllowed, assertPermission } from './policy';

/** type-graphql's authChecker: `@Authorized(Permission.X)` asks the policy. */
export const authChecker: AuthCheckerFn<Context, Permission> = ({ context, info }, permissions) => {
  assertOperationAllowed(context.actor, context.authError, info.fieldName);
  for (const p of permissions) assertPermission(context.actor!, p);
  return true;
};
