import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsOptional, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SortDirection } from '../../common/enums';
import { TimeRange } from '../../common/inputs';
import { DateScalar } from '../../common/scalars';

const PHONE = /^[0-9+\-() ]{3,32}$/;
const phone = (field: string): PropertyDecorator => (target, key) => {
  MaxLength(32)(target, key);
  Matches(PHONE, { message: `${field} may contain digits, spaces and + - ( ) only` })(target, key);
};
/** A NOT NULL column: may be omitted from an update, never set to null. */
const NotNull = (): PropertyDecorator => (target, key) => {
  ValidateIf((_o, v) => v !== undefined)(target, key);
  IsDefined({ message: `${String(key)} cannot be null` })(target, key);
};

export const DECISION_INFLUENCE = ['HIGH', 'MEDIUM', 'LOW'];

@InputType({ description: 'Filters on contacts; all given conditions must hold.' })
export class ContactWhere {
  @Field({ nullable: true, description: 'Partial match on name, mobile, office phone or email.' })
  @IsOptional() @Length(1, 100) search?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => [ID], { nullable: true }) customerIdIn?: string[];
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) nameContains?: string;
  @Field({ nullable: true }) isPrimary?: boolean;
  @Field(() => [String], { nullable: true, description: 'HIGH, MEDIUM or LOW' }) @IsOptional() @MaxLength(16, { each: true }) decisionInfluenceIn?: string[];
  @Field(() => TimeRange, { nullable: true }) updatedAt?: TimeRange;
}

export enum ContactOrderField {
  ID = 'ID',
  NAME = 'NAME',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(ContactOrderField, { name: 'ContactOrderField', description: 'Indexed columns a contact list can be sorted by.' });

@InputType()
export class ContactOrder {
  @Field(() => ContactOrderField) field: ContactOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction: SortDirection;
}

@InputType('ContactFields')
class ContactFields {
  @Field({ nullable: true }) @NotNull() @Length(1, 64) name?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) salutation?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) department?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) title?: string;
  @Field({ nullable: true }) @IsOptional() @phone('officePhone') officePhone?: string;
  @Field({ nullable: true }) @IsOptional() @phone('mobile') mobile?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) @IsEmail({}, { message: 'email must be an email address' }) email?: string;
  @Field({ nullable: true }) @IsOptional() @phone('homePhone') homePhone?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) homeAddress?: string;
  @Field(() => DateScalar, { nullable: true }) birthday?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) hobbies?: string;
  @Field({ nullable: true, description: '决策影响力: HIGH, MEDIUM or LOW' })
  @IsOptional() @MaxLength(16) @IsIn(DECISION_INFLUENCE, { message: 'decisionInfluence must be HIGH, MEDIUM or LOW' }) decisionInfluence?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) importantDates?: string;
  @Field({ nullable: true }) @NotNull() @IsBoolean() receiveEmail?: boolean;
  @Field({ nullable: true }) @NotNull() @IsBoolean() receiveSms?: boolean;
  @Field({ nullable: true, description: 'Making a contact primary clears the flag on the customer\'s other contacts.' })
  @NotNull() @IsBoolean() isPrimary?: boolean;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) notes?: string;
}

@InputType()
export class CreateContactInput extends ContactFields {
  @Field(() => ID) customerId: string;
  @Field() declare name: string;
}

@InputType()
export class UpdateContactInput extends ContactFields {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version the client last read; a stale version gets CONFLICT.' }) version: number;
}
