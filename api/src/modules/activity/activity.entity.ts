import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { ActivityType } from '@custodian/schema';
import { BusinessEntity } from '../../common/business.entity';

const opt = { nullable: true } as const;
const str = { type: 'varchar', nullable: true } as const;
const time = { type: 'datetime', precision: 3, nullable: true } as const;

@ObjectType('Activity', { description: '联系活动: one contact with a customer.' })
@Entity('activity')
export class ActivityEntity extends BusinessEntity {
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint' }) customerId: string;
  @Field(() => ID, opt) @Column({ type: 'bigint', nullable: true }) contactId: string | null;
  @Column({ type: 'bigint', nullable: true }) ownerId: string | null;
  @Field(() => ActivityType, { nullable: true }) @Column({ type: 'varchar' }) type: ActivityType;
  @Field(() => String, opt) @Column(str) method: string | null;
  @Field({ nullable: true }) @Column() subject: string;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) content: string | null;
  @Field(() => String, opt) @Column(str) outcome: string | null;
  @Field({ nullable: true }) @Column({ type: 'datetime', precision: 3 }) occurredAt: Date;
  @Field(() => Date, opt) @Column(time) nextFollowUpAt: Date | null;
  @Field(() => Date, opt) @Column(time) reminderAt: Date | null;
}
