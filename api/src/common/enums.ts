import { registerEnumType } from 'type-graphql';
import {
  ActivityType, CustomerGrade, CustomerKind, CustomerNature, CustomerStatus, CustomerType, Gender, Level, OrderStatus, RoleName,
  RowScope,
} from '@custodian/schema';

registerEnumType(Level, { name: 'Level', description: 'Classification: 公开 PUBLIC < 内部 INTERNAL < 机密 CONFIDENTIAL < 绝密 CLASSIFIED' });
registerEnumType(RowScope, { name: 'RowScope' });
registerEnumType(RoleName, { name: 'RoleName' });
registerEnumType(CustomerKind, { name: 'CustomerKind' });
registerEnumType(CustomerType, { name: 'CustomerType' });
registerEnumType(CustomerNature, { name: 'CustomerNature' });
registerEnumType(CustomerStatus, { name: 'CustomerStatus' });
registerEnumType(CustomerGrade, { name: 'CustomerGrade' });
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(ActivityType, { name: 'ActivityType' });
registerEnumType(OrderStatus, { name: 'OrderStatus' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

/** Where a change under dual control stands (docs/access.md). */
export enum ChangeStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ChangeStatus, { name: 'ChangeStatus', description: 'A change waiting for, or decided by, a second person.' });
