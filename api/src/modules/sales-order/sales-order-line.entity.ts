import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalScalar } from '../../common/scalars';

@ObjectType('SalesOrderLine')
@Entity('sales_order_line')
export class SalesOrderLineEntity {
  @Field(() => ID) @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint' }) orderId: string;
  @Field(() => Int, { nullable: true }) @Column() lineNo: number;
  @Field({ nullable: true }) @Column() product: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) model: string | null;
  @Field(() => DecimalScalar, { nullable: true }) @Column({ type: 'decimal', precision: 18, scale: 3 }) quantity: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'varchar', nullable: true }) unit: string | null;
  @Field(() => DecimalScalar, { nullable: true }) @Column({ type: 'decimal', precision: 18, scale: 2 }) unitPrice: string;
  @Field(() => DecimalScalar, { nullable: true }) @Column({ type: 'decimal', precision: 18, scale: 2, nullable: true }) costPrice: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Discount as a fraction: 0.05 is 5% off' })
  @Column({ type: 'decimal', precision: 5, scale: 4 }) discount: string;
  @Field(() => DecimalScalar, { nullable: true }) @Column({ type: 'decimal', precision: 18, scale: 2 }) amount: string;
}
