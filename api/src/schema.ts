import 'reflect-metadata';
import './common/enums';
import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { buildSchema, ClassType, NonEmptyArray } from 'type-graphql';
import { isStructuralType } from '@custodian/schema';
import { strictIds } from './common/ids';
import { AuditResolver } from './audit/audit.resolver';
import { fieldAccessResolver } from './auth/field-access';
import { guardField } from './auth/field-guard';
import { assertOperationAllowed, recordKind } from './auth/policy';
import { Context } from './context';
import { authChecker } from './auth/gate';
import { ActivityEntity } from './modules/activity/activity.entity';
import { ContactEntity } from './modules/contact/contact.entity';
import { CustomerEntity } from './modules/customer/customer.entity';
import { SalesOrderEntity } from './modules/sales-order/sales-order.entity';
import { SalesOrderLineEntity } from './modules/sales-order/sales-order-line.entity';
import { UserEntity } from './modules/user/user.entity';
import { AccessApprovalResolver, AccessGrantResolver, AccessRequestResolver } from './modules/access/access.resolver';
import { AccountChangeResolver } from './modules/account-change/account-change.resolver';
import { AdminResolver } from './modules/admin/admin.resolver';
import { ApiTokenResolver } from './modules/api-token/api-token.resolver';
import { CustomerResolver } from './modules/customer/customer.resolver';
import { ArchiveLevelChangeResolver } from './modules/security/archive-level-change.resolver';
import { SecurityResolver } from './modules/security/security.resolver';
import { ActivityResolver } from './modules/activity/activity.resolver';
import { ContactResolver } from './modules/contact/contact.resolver';
import { CustomerRelationResolver, RelationTypeResolver } from './modules/relation/relation.resolver';
import { SalesOrderResolver } from './modules/sales-order/sales-order.resolver';
import { SessionResolver } from './modules/session/session.resolver';
import { STATS_RESOLVERS } from './modules/stats/stats.resolver';
import { UserResolver } from './modules/user/user.resolver';

const FIELD_ACCESS_RESOLVERS = [
  fieldAccessResolver(CustomerEntity, 'Customer'), fieldAccessResolver(ContactEntity, 'Contact'),
  fieldAccessResolver(ActivityEntity, 'Activity'), fieldAccessResolver(SalesOrderEntity, 'SalesOrder'),
  fieldAccessResolver(SalesOrderLineEntity, 'SalesOrderLine'), fieldAccessResolver(UserEntity, 'User'),
];

export const RESOLVERS = [SessionResolver, UserResolver, CustomerResolver, AdminResolver, AccountChangeResolver, SecurityResolver, ArchiveLevelChangeResolver, ApiTokenResolver, AuditResolver, AccessRequestResolver, AccessApprovalResolver, AccessGrantResolver, ContactResolver, ActivityResolver, SalesOrderResolver,
  RelationTypeResolver, CustomerRelationResolver, ...STATS_RESOLVERS, ...FIELD_ACCESS_RESOLVERS] as const;

let built: Promise<GraphQLSchema> | null = null;

/**
 * The operation gate and the field guard wrap every field's resolver of the built schema, in that
 * order, before type-graphql's own resolver (with its @Authorized check). What can be known from the
 * schema — root field or not, wrapper type or data, archive type — is decided here once, and a field
 * the guard decides synchronously resolves synchronously, without a closure or promise per value.
 */
function guardEveryField(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeName = type.name;
    const isRoot = typeName === 'Query' || typeName === 'Mutation';
    const guarded = !isStructuralType(typeName);
    const archive = recordKind(typeName);
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      if (isRoot) {
        field.resolve = (root, args, context: Context, info) => {
          assertOperationAllowed(context.actor, context.authError, info.fieldName);
          return resolve(root, args, context, info);
        };
      } else if (guarded) {
        field.resolve = (root, args, context: Context, info) => {
          if (!context.actor) return resolve(root, args, context, info);
          const allowed = guardField(context, info, typeName, archive, root as Record<string, unknown>);
          if (allowed === true) return resolve(root, args, context, info);
          if (allowed === false) return null;
          return allowed.then((ok) => (ok ? resolve(root, args, context, info) : null));
        };
      }
    }
  }
  return schema;
}

/** The GraphQL schema, built once per process from the decorated classes. */
export function appSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as unknown as NonEmptyArray<ClassType>,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
  }).then(guardEveryField).then(strictIds);
  return built;
}
