import 'reflect-metadata';
import './common/enums';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ClassType, NonEmptyArray } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver';
import { fieldAccessResolver } from './auth/field-access';
import { fieldGuard } from './auth/field-guard';
import { authChecker, operationGate } from './auth/gate';
import { ActivityEntity } from './modules/activity/activity.entity';
import { ContactEntity } from './modules/contact/contact.entity';
import { CustomerEntity } from './modules/customer/customer.entity';
import { SalesOrderEntity } from './modules/sales-order/sales-order.entity';
import { SalesOrderLineEntity } from './modules/sales-order/sales-order-line.entity';
import { UserEntity } from './modules/user/user.entity';
import { AccessApprovalResolver, AccessGrantResolver, AccessRequestResolver } from './modules/access/access.resolver';
import { AdminResolver } from './modules/admin/admin.resolver';
import { ApiTokenResolver } from './modules/api-token/api-token.resolver';
import { CustomerResolver } from './modules/customer/customer.resolver';
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

export const RESOLVERS = [SessionResolver, UserResolver, CustomerResolver, AdminResolver, SecurityResolver, ApiTokenResolver, AuditResolver, AccessRequestResolver, AccessApprovalResolver, AccessGrantResolver, ContactResolver, ActivityResolver, SalesOrderResolver,
  RelationTypeResolver, CustomerRelationResolver, ...STATS_RESOLVERS, ...FIELD_ACCESS_RESOLVERS] as const;

let built: Promise<GraphQLSchema> | null = null;

/** The GraphQL schema, built once per process from the decorated classes. */
export function appSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as unknown as NonEmptyArray<ClassType>,
    authChecker,
    authMode: 'error',
    globalMiddlewares: [operationGate, fieldGuard],
    validate: { forbidUnknownValues: false },
  });
  return built;
}
