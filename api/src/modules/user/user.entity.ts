import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Level } from '@custodian/schema';
import { BusinessEntity } from '../../common/business.entity';

@ObjectType('User')
@Entity('app_user')
export class UserEntity extends BusinessEntity {
  @Field() @Column() username: string;
  @Field() @Column() displayName: string;
  @Column({ select: false }) passwordHash: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint', nullable: true }) departmentId: string | null;
  @Field(() => Level, { description: 'Clearance (许可级别): the highest level this user may read by rank.' })
  @Column({ type: 'varchar' }) clearance: Level;
  @Field() @Column() mustChangePassword: boolean;
  @Column() failedLogins: number;
  @Field(() => Date, { nullable: true }) @Column({ type: 'datetime', precision: 3, nullable: true }) lockedUntil: Date | null;
  @Field() @Column() active: boolean;
  @Field(() => Date, { nullable: true }) @Column({ type: 'datetime', precision: 3, nullable: true }) lastLoginAt: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) phone: string | null;
}
