import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import {
  CustomerGrade, CustomerKind, CustomerNature, CustomerStatus, CustomerType, Gender, Level,
} from '@custodian/schema';
import { BusinessEntity } from '../../common/business.entity';
import { DateScalar, DecimalScalar } from '../../common/scalars';

const opt = { nullable: true } as const;
const str = { type: 'varchar', nullable: true } as const;
const money = { type: 'decimal', precision: 18, scale: 2, nullable: true } as const;

@ObjectType('Customer', { description: '客户档案: an organisation or an individual, with its archive level and custodian.' })
@Entity('customer')
export class CustomerEntity extends BusinessEntity {
  @Field({ description: '客户编号' }) @Column() code: string;
  @Field() @Column() name: string;
  @Field(() => CustomerKind, { nullable: true }) @Column({ type: 'varchar' }) kind: CustomerKind;
  @Field(() => CustomerType, { nullable: true }) @Column({ type: 'varchar' }) type: CustomerType;
  @Field(() => CustomerNature, opt) @Column(str) nature: CustomerNature | null;
  @Field(() => String, opt) @Column(str) industry: string | null;
  @Field(() => String, opt) @Column(str) region: string | null;
  @Field(() => String, opt) @Column(str) province: string | null;
  @Field(() => String, opt) @Column(str) city: string | null;
  @Field(() => String, opt) @Column(str) address: string | null;
  @Field(() => String, opt) @Column(str) phone: string | null;
  @Field(() => String, opt) @Column(str) website: string | null;
  @Field(() => String, opt) @Column(str) source: string | null;
  @Field(() => CustomerStatus, { nullable: true }) @Column({ type: 'varchar' }) status: CustomerStatus;
  @Field(() => String, opt) @Column(str) lossReason: string | null;
  @Field(() => CustomerGrade, opt) @Column(str) grade: CustomerGrade | null;
  @Field(() => String, opt) @Column(str) creditRating: string | null;
  @Field(() => DecimalScalar, opt) @Column(money) annualRevenue: string | null;
  @Field(() => Int, opt) @Column({ type: 'int', nullable: true }) headcount: number | null;
  @Field(() => String, opt) @Column(str) legalRepresentative: string | null;
  @Field(() => DecimalScalar, opt) @Column(money) registeredCapital: string | null;
  @Field(() => String, opt) @Column(str) taxId: string | null;
  @Field(() => String, opt) @Column(str) bankName: string | null;
  @Field(() => String, opt) @Column(str) bankAccount: string | null;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) financialNotes: string | null;
  @Field(() => String, { nullable: true, description: 'ID-card number (individuals)' }) @Column(str) idNumber: string | null;
  @Field(() => DateScalar, opt) @Column({ type: 'date', nullable: true }) birthday: string | null;
  @Field(() => Gender, opt) @Column(str) gender: Gender | null;
  @Column({ type: 'bigint', nullable: true }) ownerId: string | null;
  @Column({ type: 'bigint', nullable: true }) secondManagerId: string | null;
  @Column({ type: 'bigint', nullable: true }) departmentId: string | null;
  @Field(() => Level, { description: '档案密级: raises every non-identity field of the archive to at least this level.' })
  @Column({ type: 'varchar' }) archiveLevel: Level;
  @Column({ type: 'bigint', nullable: true }) custodianId: string | null;
  @Field(() => String, opt) @Column({ type: 'text', nullable: true }) notes: string | null;
}
