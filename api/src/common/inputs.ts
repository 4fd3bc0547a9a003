import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsDefined, IsOptional, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { DateScalar, DecimalScalar } from './scalars';

/** An input field that may be omitted (left unchanged) but not sent as null: its column is NOT NULL. */
export const NotNull = (): PropertyDecorator => (target, key) => {
  ValidateIf((_o, v) => v !== undefined)(target, key);
  IsDefined({ message: `${String(key)} cannot be null` })(target, key);
};

/** Money as DECIMAL(18,2): non-negative, at most 16 integer digits and 2 decimals. */
export const MONEY = /^\d{1,16}(\.\d{1,2})?$/;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1–500 (API tokens: up to 5000). Default 20.' })
  @IsOptional() @Min(1) @Max(5000)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: endCursor of the previous page.' })
  @IsOptional() @MaxLength(1000)
  after?: string;
}

@InputType({ description: 'Inclusive range of exact decimals.' })
export class DecimalRange {
  @Field(() => DecimalScalar, { nullable: true }) gte?: string;
  @Field(() => DecimalScalar, { nullable: true }) lte?: string;
}

@InputType({ description: 'Inclusive range of integers.' })
export class IntRange {
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
}

@InputType({ description: 'Range of instants: from inclusive, to exclusive.' })
export class TimeRange {
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
}

@InputType({ description: 'Inclusive range of calendar dates.' })
export class DateRange {
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
}

@InputType({ description: 'Identifies a record and the version the client last saw.' })
export class DeleteInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
}

@InputType({ description: 'Approve or reject a change waiting for a second person (dual control); rejecting needs a comment.' })
export class DecideChangeInput {
  @Field(() => ID) id: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(1000) comment?: string;
}
