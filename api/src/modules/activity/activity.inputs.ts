import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { IsDefined, IsOptional, Length, MaxLength, ValidateIf } from 'class-validator';
import { ActivityType } from '@custodian/schema';
import { SortDirection } from '../../common/enums';
import { TimeRange } from '../../common/inputs';

/** A NOT NULL column: may be omitted from an update, never set to null. */
const NotNull = (): PropertyDecorator => (target, key) => {
  ValidateIf((_o, v) => v !== undefined)(target, key);
  IsDefined({ message: `${String(key)} cannot be null` })(target, key);
};

@InputType({ description: 'Filters on activities; all given conditions must hold.' })
export class ActivityWhere {
  @Field({ nullable: true, description: 'Partial match on the subject.' })
  @IsOptional() @Length(1, 100) search?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [ID], { nullable: true }) customerIdIn?: string[];
  @Field(() => ID, { nullable: true }) contactId?: string;
  @Field(() => [ID], { nullable: true }) ownerIdIn?: string[];
  @Field(() => [ActivityType], { nullable: true }) typeIn?: ActivityType[];
  @Field(() => TimeRange, { nullable: true }) occurredAt?: TimeRange;
  @Field(() => TimeRange, { nullable: true }) nextFollowUpAt?: TimeRange;
}

export enum ActivityOrderField {
  ID = 'ID',
  OCCURRED_AT = 'OCCURRED_AT',
  NEXT_FOLLOW_UP_AT = 'NEXT_FOLLOW_UP_AT',
}
registerEnumType(ActivityOrderField, {
  name: 'ActivityOrderField',
  description: 'Indexed columns an activity list can be sorted by (NEXT_FOLLOW_UP_AT is indexed per owner: combine it with ownerIdIn).',
});

@InputType()
export class ActivityOrder {
  @Field(() => ActivityOrderField) field: ActivityOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction: SortDirection;
}

@InputType('ActivityFields')
class ActivityFields {
  @Field(() => ID, { nullable: true, description: 'A contact of the same customer.' }) contactId?: string;
  @Field(() => ID, { nullable: true, description: 'Owner; defaults to the caller.' }) @NotNull() ownerId?: string;
  @Field(() => ActivityType, { nullable: true }) @NotNull() type?: ActivityType;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) method?: string;
  @Field({ nullable: true }) @NotNull() @Length(1, 200) subject?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(10000) content?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) outcome?: string;
  @Field({ nullable: true }) @NotNull() occurredAt?: Date;
  @Field(() => Date, { nullable: true }) nextFollowUpAt?: Date;
  @Field(() => Date, { nullable: true }) reminderAt?: Date;
}

@InputType()
export class CreateActivityInput extends ActivityFields {
  @Field(() => ID) customerId: string;
  @Field(() => ActivityType) declare type: ActivityType;
  @Field() declare subject: string;
  @Field() declare occurredAt: Date;
}

@InputType()
export class UpdateActivityInput extends ActivityFields {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version the client last read; a stale version gets CONFLICT.' }) version: number;
}
