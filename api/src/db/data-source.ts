import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { connectionOptions, databaseUrl, hostUrls } from '@custodian/migrations';
import { AccessApprovalEntity, AccessGrantEntity, AccessRequestEntity } from '../modules/access/access.entity';
import { AccountChangeEntity } from '../modules/account-change/account-change.entity';
import { ApiTokenEntity } from '../modules/api-token/api-token.entity';
import { ActivityEntity } from '../modules/activity/activity.entity';
import { ContactEntity } from '../modules/contact/contact.entity';
import { CustomerEntity } from '../modules/customer/customer.entity';
import { CustomerRelationEntity, RelationTypeEntity } from '../modules/relation/relation.entity';
import { ArchiveLevelChangeEntity } from '../modules/security/archive-level-change.entity';
import { SalesOrderLineEntity } from '../modules/sales-order/sales-order-line.entity';
import { SalesOrderEntity } from '../modules/sales-order/sales-order.entity';
import { SessionEntity } from '../modules/session/session.entity';
import { DepartmentEntity } from '../modules/user/department.entity';
import { RoleEntity } from '../modules/user/role.entity';
import { UserEntity } from '../modules/user/user.entity';
import { SnakeNamingStrategy } from './naming';
import { CountingLogger } from './sql-counter';
import { failoverDriver, hostsOf } from './failover-pool';

export const ENTITIES = [
  DepartmentEntity, RoleEntity, UserEntity, SessionEntity, CustomerEntity, RelationTypeEntity, CustomerRelationEntity,
  ContactEntity, ActivityEntity, SalesOrderEntity, SalesOrderLineEntity, ApiTokenEntity,
  AccessRequestEntity, AccessApprovalEntity, AccessGrantEntity, AccountChangeEntity,
  ArchiveLevelChangeEntity,
];

/** How long a connect to one host of a host list may take before the next is tried. */
const FAILOVER_CONNECT_TIMEOUT_MS = 3000;

/** A data source on `url`; a URL with several hosts fails over along them (docs/deploy.md). */
export function createDataSource(url?: string): DataSource {
  const options = connectionOptions(url);
  const hosts = hostUrls(url ?? databaseUrl());
  return new DataSource({
    ...options,
    ...(hosts.length > 1 ? { driver: failoverDriver(hostsOf(hosts)), connectTimeout: FAILOVER_CONNECT_TIMEOUT_MS } : {}),
    // No stack capture per query (mysql2's `trace`): a cost on every statement; failures are logged with their SQL.
    extra: { ...(options.extra as object), trace: false },
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['query', 'error', 'warn'],
    logger: new CountingLogger(),
  });
}
