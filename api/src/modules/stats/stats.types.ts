import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { CustomerGrade, CustomerKind, CustomerStatus, CustomerType, Level, OrderStatus } from '@custodian/schema';
import { DateRange } from '../../common/inputs';
import { DecimalScalar } from '../../common/scalars';
import { CustomerWhere } from '../customer/customer.inputs';

export enum CustomerStatsDimension {
  STATUS = 'STATUS',
  GRADE = 'GRADE',
  TYPE = 'TYPE',
  KIND = 'KIND',
  INDUSTRY = 'INDUSTRY',
  REGION = 'REGION',
  OWNER = 'OWNER',
  DEPARTMENT = 'DEPARTMENT',
  ARCHIVE_LEVEL = 'ARCHIVE_LEVEL',
}
registerEnumType(CustomerStatsDimension, { name: 'CustomerStatsDimension', description: 'What customerStats counts by.' });

export enum SalesStatsDimension {
  YEAR = 'YEAR',
  QUARTER = 'QUARTER',
  MONTH = 'MONTH',
  STATUS = 'STATUS',
  GRADE = 'GRADE',
  OWNER = 'OWNER',
  DEPARTMENT = 'DEPARTMENT',
  CURRENCY = 'CURRENCY',
}
registerEnumType(SalesStatsDimension, {
  name: 'SalesStatsDimension',
  description: 'What salesStats groups by: the order date (YEAR, QUARTER, MONTH), order status, owner and currency, the customer\'s grade and department.',
});

@ObjectType('CustomerStatsRow', { description: 'One group of customerStats: the grouped values (null when not grouped by) and the count.' })
export class CustomerStatsRow {
  @Field(() => CustomerStatus, { nullable: true }) status: CustomerStatus | null;
  @Field(() => CustomerGrade, { nullable: true }) grade: CustomerGrade | null;
  @Field(() => CustomerType, { nullable: true }) type: CustomerType | null;
  @Field(() => CustomerKind, { nullable: true }) kind: CustomerKind | null;
  @Field(() => String, { nullable: true }) industry: string | null;
  @Field(() => String, { nullable: true }) region: string | null;
  @Field(() => ID, { nullable: true }) ownerId: string | null;
  @Field(() => ID, { nullable: true }) departmentId: string | null;
  @Field(() => Level, { nullable: true }) archiveLevel: Level | null;
  @Field(() => Int) count: number;
}

@ObjectType('CustomerStats', { description: 'Customer counts of the caller\'s aggregate scope, over rows whose grouped and filtered fields the caller may read.' })
export class CustomerStats {
  @Field(() => [CustomerStatsDimension]) groupBy: CustomerStatsDimension[];
  @Field(() => [CustomerStatsRow]) rows: CustomerStatsRow[];
  @Field(() => Int, { description: 'Sum of the counts of all groups.' }) total: number;
  @Field({ description: 'More groups than the row limit: the rows are cut, the total is not.' }) truncated: boolean;
}

@InputType({ description: 'Filters on the orders counted by salesStats; all given conditions must hold.' })
export class SalesStatsWhere {
  @Field(() => DateRange, { nullable: true }) orderDate?: DateRange;
  @Field(() => [OrderStatus], { nullable: true }) statusIn?: OrderStatus[];
  @Field(() => [String], { nullable: true }) @ArrayMaxSize(100) @MaxLength(3, { each: true }) currencyIn?: string[];
  @Field(() => [ID], { nullable: true }) @ArrayMaxSize(1000) ownerIdIn?: string[];
  @Field({ nullable: true }) invoiced?: boolean;
  @Field(() => CustomerWhere, { nullable: true, description: 'Conditions on the orders\' customers.' }) customer?: CustomerWhere;
}

@ObjectType('SalesStatsRow', { description: 'One group of salesStats: the grouped values (null when not grouped by) and the measures.' })
export class SalesStatsRow {
  @Field(() => String, { nullable: true, description: 'Label of the date bucket: 2026, 2026-Q3 or 2026-08.' }) period: string | null;
  @Field(() => Int, { nullable: true }) year: number | null;
  @Field(() => Int, { nullable: true }) quarter: number | null;
  @Field(() => Int, { nullable: true }) month: number | null;
  @Field(() => OrderStatus, { nullable: true }) status: OrderStatus | null;
  @Field(() => CustomerGrade, { nullable: true }) grade: CustomerGrade | null;
  @Field(() => ID, { nullable: true }) ownerId: string | null;
  @Field(() => ID, { nullable: true }) departmentId: string | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field(() => Int) count: number;
  @Field(() => DecimalScalar, { description: 'Sum of order amounts' }) amount: string;
  @Field(() => DecimalScalar, { description: 'Sum of amounts received (回款)' }) received: string;
  @Field(() => DecimalScalar, { description: 'amount − received' }) outstanding: string;
}

@ObjectType('SalesStats', { description: 'Order measures of the caller\'s aggregate scope, over rows whose grouped, measured and filtered fields the caller may read.' })
export class SalesStats {
  @Field(() => [SalesStatsDimension]) groupBy: SalesStatsDimension[];
  @Field(() => [SalesStatsRow]) rows: SalesStatsRow[];
  @Field(() => SalesStatsRow, { description: 'All groups together (whatever the row limit).' }) totals: SalesStatsRow;
  @Field({ description: 'More groups than the row limit: the rows are cut, the totals are not.' }) truncated: boolean;
}
