import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { OrderStatus } from '@custodian/schema';
import { BusinessEntity } from '../../common/business.entity';
import { DateScalar, DecimalScalar } from '../../common/scalars';

const opt = { nullable: true } as const;
const date = { type: 'date', nullable: true } as const;

@ObjectType('SalesOrder', { description: '销售订单. The amount is computed by the server from the lines.' })
@Entity('sales_order')
export class SalesOrderEntity extends BusinessEntity {
  @Field({ nullable: true }) @Column() orderNo: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint' }) customerId: string;
  @Field(() => ID, opt) @Column({ type: 'bigint', nullable: true }) contactId: string | null;
  @Column({ type: 'bigint', nullable: true }) ownerId: string | null;
  @Field(() => DateScalar, { nullable: true }) @Column({ type: 'date' }) orderDate: string;
  @Field(() => DecimalScalar, { nullable: true }) @Column({ type: 'decimal', precision: 18, scale: 2 }) amount: string;
  @Field({ nullable: true }) @Column() currency: string;
  @Field(() => OrderStatus, { nullable: true }) @Column({ type: 'varchar' }) status: OrderStatus;
  @Field({ nullable: true }) @Column() invoiced: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: '回款: amount received so far' })
  @Column({ type: 'decimal', precision: 18, scale: 2 }) receivedAmount: string;
  @Field(() => DateScalar, opt) @Column(date) dueDate: string | null;
  @Field(() => DateScalar, opt) @Column(date) receivedDate: string | null;
  @Field(() => DateScalar, opt) @Column(date) reminderDate: string | null;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) notes: string | null;
}
