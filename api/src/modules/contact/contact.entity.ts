import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessEntity } from '../../common/business.entity';
import { DateScalar } from '../../common/scalars';

const opt = { nullable: true } as const;
const str = { type: 'varchar', nullable: true } as const;

@ObjectType('Contact', { description: '联系人 of a customer.' })
@Entity('contact')
export class ContactEntity extends BusinessEntity {
  @Field(() => ID, { nullable: true }) @Column({ type: 'bigint' }) customerId: string;
  @Field({ nullable: true }) @Column() name: string;
  @Field(() => String, opt) @Column(str) salutation: string | null;
  @Field(() => String, opt) @Column(str) department: string | null;
  @Field(() => String, opt) @Column(str) title: string | null;
  @Field(() => String, opt) @Column(str) officePhone: string | null;
  @Field(() => String, opt) @Column(str) mobile: string | null;
  @Field(() => String, opt) @Column(str) email: string | null;
  @Field(() => String, opt) @Column(str) homePhone: string | null;
  @Field(() => String, opt) @Column(str) homeAddress: string | null;
  @Field(() => DateScalar, opt) @Column({ type: 'date', nullable: true }) birthday: string | null;
  @Field(() => String, opt) @Column(str) hobbies: string | null;
  @Field(() => String, { nullable: true, description: '决策影响力: HIGH, MEDIUM or LOW' }) @Column(str) decisionInfluence: string | null;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) importantDates: string | null;
  @Field({ nullable: true }) @Column() receiveEmail: boolean;
  @Field({ nullable: true }) @Column() receiveSms: boolean;
  @Field({ nullable: true, description: '主联系人' }) @Column() isPrimary: boolean;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) notes: string | null;
}
