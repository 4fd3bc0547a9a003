import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsOptional, Length, Matches, MaxLength, ValidateBy, ValidateIf, ValidateNested,
} from 'class-validator';
import { OrderStatus } from '@custodian/schema';
import { SortDirection } from '../../common/enums';
import { DateRange, DecimalRange } from '../../common/inputs';
import { DateScalar, DecimalScalar } from '../../common/scalars';
import { DISCOUNT_SCALE, MONEY_SCALE, QUANTITY_SCALE, scaleOf, toUnits } from './sales-order.amounts';

/** A NOT NULL column: may be omitted from an update, never set to null. */
const NotNull = (): PropertyDecorator => (target, key) => {
  ValidateIf((_o, v) => v !== undefined)(target, key);
  IsDefined({ message: `${String(key)} cannot be null` })(target, key);
};

/** A Decimal with at most `scale` decimals within [min, max] (exclusive when `above`). */
const DecimalIn = (scale: number, bounds: { min: string; max?: string; above?: boolean }): PropertyDecorator => ValidateBy({
  name: 'decimalIn',
  validator: {
    validate: (v: unknown) => {
      if (v === undefined || v === null) return true;
      if (typeof v !== 'string' || scaleOf(v) === null || scaleOf(v)! > scale) return false;
      const n = toUnits(v, scale);
      const min = toUnits(bounds.min, scale);
      return (bounds.above ? n > min : n >= min) && (bounds.max === undefined || n <= toUnits(bounds.max, scale));
    },
    defaultMessage: (args) => `${args?.property} must be a number ${bounds.above ? '>' : '>='} ${bounds.min}${bounds.max ? ` and <= ${bounds.max}` : ''} with at most ${scale} decimals`,
  },
});

const MAX_MONEY = '9999999999999999.99';
const ORDER_NO = /^[A-Za-z0-9_-]{2,32}$/;

@InputType({ description: 'Filters on sales orders; all given conditions must hold.' })
export class SalesOrderWhere {
  @Field({ nullable: true, description: 'Partial match on the order number.' })
  @IsOptional() @Length(1, 32) search?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) orderNo?: string;
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [ID], { nullable: true }) customerIdIn?: string[];
  @Field(() => ID, { nullable: true }) contactId?: string;
  @Field(() => [ID], { nullable: true }) ownerIdIn?: string[];
  @Field(() => [OrderStatus], { nullable: true }) statusIn?: OrderStatus[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(3, { each: true }) currencyIn?: string[];
  @Field({ nullable: true }) invoiced?: boolean;
  @Field(() => DateRange, { nullable: true }) orderDate?: DateRange;
  @Field(() => DateRange, { nullable: true }) dueDate?: DateRange;
  @Field(() => DecimalRange, { nullable: true }) amount?: DecimalRange;
}

export enum SalesOrderOrderField {
  ID = 'ID',
  ORDER_NO = 'ORDER_NO',
  ORDER_DATE = 'ORDER_DATE',
  STATUS = 'STATUS',
}
registerEnumType(SalesOrderOrderField, { name: 'SalesOrderOrderField', description: 'Indexed columns a sales-order list can be sorted by.' });

@InputType()
export class SalesOrderOrder {
  @Field(() => SalesOrderOrderField) field: SalesOrderOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction: SortDirection;
}

@InputType({ description: 'One order line; its amount is computed by the server.' })
export class SalesOrderLineInput {
  @Field() @Length(1, 128) product: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(128) model?: string;
  @Field(() => DecimalScalar) @DecimalIn(QUANTITY_SCALE, { min: '0', max: '999999999999999.999', above: true }) quantity: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(16) unit?: string;
  @Field(() => DecimalScalar) @DecimalIn(MONEY_SCALE, { min: '0', max: MAX_MONEY }) unitPrice: string;
  @Field(() => DecimalScalar, { nullable: true }) @DecimalIn(MONEY_SCALE, { min: '0', max: MAX_MONEY }) costPrice?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Discount as a fraction 0–1: 0.05 is 5% off. Default 0.' })
  @DecimalIn(DISCOUNT_SCALE, { min: '0', max: '1' }) discount?: string;
}

@InputType('SalesOrderFields')
class SalesOrderFields {
  @Field(() => ID, { nullable: true, description: 'A contact of the same customer.' }) contactId?: string;
  @Field(() => ID, { nullable: true, description: 'Owner; defaults to the caller.' }) @NotNull() ownerId?: string;
  @Field({ nullable: true, description: 'Unique order number; generated when omitted.' })
  @NotNull() @MaxLength(32) @Matches(ORDER_NO, { message: 'orderNo must be 2–32 letters, digits, - or _' }) orderNo?: string;
  @Field(() => DateScalar, { nullable: true }) @NotNull() orderDate?: string;
  @Field({ nullable: true, description: 'ISO 4217 code; default CNY.' })
  @NotNull() @MaxLength(3) @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO code such as CNY' }) currency?: string;
  @Field(() => OrderStatus, { nullable: true }) @NotNull() status?: OrderStatus;
  @Field({ nullable: true }) @NotNull() @IsBoolean() invoiced?: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: '回款: amount received so far' })
  @NotNull() @DecimalIn(MONEY_SCALE, { min: '0', max: MAX_MONEY }) receivedAmount?: string;
  @Field(() => DateScalar, { nullable: true }) dueDate?: string;
  @Field(() => DateScalar, { nullable: true }) receivedDate?: string;
  @Field(() => DateScalar, { nullable: true }) reminderDate?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) notes?: string;
  @Field(() => [SalesOrderLineInput], { nullable: true, description: 'Replaces all lines; the order amount is recomputed.' })
  @NotNull() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) lines?: SalesOrderLineInput[];
}

@InputType()
export class CreateSalesOrderInput extends SalesOrderFields {
  @Field(() => ID) customerId: string;
  @Field(() => DateScalar) declare orderDate: string;
  @Field(() => [SalesOrderLineInput]) declare lines: SalesOrderLineInput[];
}

@InputType()
export class UpdateSalesOrderInput extends SalesOrderFields {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version the client last read; a stale version gets CONFLICT.' }) version: number;
}
