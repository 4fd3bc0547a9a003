import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CustomerGrade, CustomerKind, CustomerNature, CustomerStatus, CustomerType, Gender, Level,
} from '@custodian/schema';
import { registerEnumType } from 'type-graphql';
import { DecimalRange, IntRange, MONEY, NotNull, TimeRange } from '../../common/inputs';
import { SortDirection } from '../../common/enums';
import { DateScalar, DecimalScalar } from '../../common/scalars';

const PHONE = /^[0-9+\-() ]{3,32}$/;

@InputType({ description: 'Filters on customers; all given conditions must hold.' })
export class CustomerWhere {
  @Field({ nullable: true, description: 'Partial match on name, code or phone (e.g. the first characters of a company name).' })
  @IsOptional() @Length(1, 100) search?: string;
  @Field(() => [ID], { nullable: true }) ids?: string[];
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) code?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) nameContains?: string;
  @Field(() => CustomerKind, { nullable: true }) kind?: CustomerKind;
  @Field(() => [CustomerType], { nullable: true }) typeIn?: CustomerType[];
  @Field(() => [CustomerNature], { nullable: true }) natureIn?: CustomerNature[];
  @Field(() => [CustomerStatus], { nullable: true }) statusIn?: CustomerStatus[];
  @Field(() => [CustomerGrade], { nullable: true }) gradeIn?: CustomerGrade[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(64, { each: true }) industryIn?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(64, { each: true }) regionIn?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(64, { each: true }) provinceIn?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(64, { each: true }) cityIn?: string[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(64, { each: true }) sourceIn?: string[];
  @Field(() => [ID], { nullable: true }) ownerIdIn?: string[];
  @Field(() => [ID], { nullable: true }) departmentIdIn?: string[];
  @Field(() => [Level], { nullable: true }) archiveLevelIn?: Level[];
  @Field(() => [String], { nullable: true }) @IsOptional() @MaxLength(16, { each: true }) creditRatingIn?: string[];
  @Field(() => DecimalRange, { nullable: true }) annualRevenue?: DecimalRange;
  @Field(() => DecimalRange, { nullable: true }) registeredCapital?: DecimalRange;
  @Field(() => IntRange, { nullable: true }) headcount?: IntRange;
  @Field(() => TimeRange, { nullable: true }) createdAt?: TimeRange;
  @Field(() => TimeRange, { nullable: true }) updatedAt?: TimeRange;
}

export enum CustomerOrderField {
  ID = 'ID',
  CODE = 'CODE',
  NAME = 'NAME',
  STATUS = 'STATUS',
  GRADE = 'GRADE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(CustomerOrderField, { name: 'CustomerOrderField', description: 'Indexed columns a customer list can be sorted by.' });

@InputType()
export class CustomerOrder {
  @Field(() => CustomerOrderField) field: CustomerOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction: SortDirection;
}

/** Editable customer fields (archive level and custodian have their own, restricted mutation). */
@InputType('CustomerFields')
class CustomerFields {
  @Field({ nullable: true }) @NotNull() @Length(1, 200) name?: string;
  @Field(() => CustomerKind, { nullable: true }) @NotNull() kind?: CustomerKind;
  @Field(() => CustomerType, { nullable: true }) @NotNull() type?: CustomerType;
  @Field(() => CustomerNature, { nullable: true }) nature?: CustomerNature;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) industry?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) region?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) province?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) city?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) address?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) @Matches(PHONE, { message: 'phone may contain digits, spaces and + - ( ) only' }) phone?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) @IsUrl({ require_protocol: false }, { message: 'website must be a URL' }) website?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) source?: string;
  @Field(() => CustomerStatus, { nullable: true }) @NotNull() status?: CustomerStatus;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) lossReason?: string;
  @Field(() => CustomerGrade, { nullable: true }) grade?: CustomerGrade;
  @Field({ nullable: true }) @IsOptional() @MaxLength(16) creditRating?: string;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @Matches(MONEY, { message: 'annualRevenue must be a non-negative amount with at most 2 decimals' }) annualRevenue?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(10_000_000) headcount?: number;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) legalRepresentative?: string;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @Matches(MONEY, { message: 'registeredCapital must be a non-negative amount with at most 2 decimals' }) registeredCapital?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) @Matches(/^[0-9A-Z]{15,20}$/, { message: 'taxId must be 15–20 digits or capital letters' }) taxId?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(128) bankName?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) @Matches(/^[0-9 ]{8,40}$/, { message: 'bankAccount must be 8–40 digits' }) bankAccount?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) financialNotes?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be an 18-character resident ID number' }) idNumber?: string;
  @Field(() => DateScalar, { nullable: true }) birthday?: string;
  @Field(() => Gender, { nullable: true }) gender?: Gender;
  @Field(() => ID, { nullable: true, description: 'Owner account manager; defaults to the caller.' }) @NotNull() ownerId?: string;
  @Field(() => ID, { nullable: true }) secondManagerId?: string;
  @Field(() => ID, { nullable: true, description: "Owning department; defaults to the owner's department." }) @NotNull() departmentId?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) notes?: string;
}

@InputType()
export class CreateCustomerInput extends CustomerFields {
  @Field({ nullable: true, description: 'Unique 客户编号; generated when omitted.' })
  @IsOptional() @MaxLength(32) @Matches(/^[A-Za-z0-9_-]{2,32}$/, { message: 'code must be 2–32 letters, digits, - or _' }) code?: string;
  @Field() @Length(1, 200) declare name: string;
}

@InputType()
export class UpdateCustomerInput extends CustomerFields {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version the client last read; a stale version gets CONFLICT.' }) version: number;
}
