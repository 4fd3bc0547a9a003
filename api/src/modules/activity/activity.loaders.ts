import { connectionOf } from '../../common/connection';
import { ChildList } from '../../common/nested';
import { ActivityEntity } from './activity.entity';

export const ActivityConnection = connectionOf(ActivityEntity, 'Activity');
export type ActivityConnection = InstanceType<typeof ActivityConnection>;

/** A customer's activities, newest first. */
export const ACTIVITIES_OF_CUSTOMER: ChildList<ActivityEntity> = {
  name: 'activitiesOfCustomer', entity: ActivityEntity, table: 'activity', parentColumn: 'customer_id',
  parentOf: (a) => a.customerId, column: 'occurred_at', direction: 'DESC', valueOf: (a) => a.occurredAt, softDelete: true,
};
