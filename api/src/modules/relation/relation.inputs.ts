import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';

@InputType({ description: 'A kind of relationship between customers, defined by an administrator.' })
export class CreateRelationTypeInput {
  @Field({ description: 'e.g. 母公司' }) @Length(1, 64) name: string;
  @Field({ nullable: true, description: 'Name seen from the other end, e.g. 子公司' }) @IsOptional() @Length(1, 64) inverseName?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) description?: string;
}

@InputType({ description: 'Relates two customers the caller can both see.' })
export class CreateCustomerRelationInput {
  @Field(() => ID) fromCustomerId: string;
  @Field(() => ID) toCustomerId: string;
  @Field(() => ID) relationTypeId: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) note?: string;
}
