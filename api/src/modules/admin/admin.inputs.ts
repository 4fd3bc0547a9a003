import { ArrayMaxSize, IsEmail, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { RoleName, RowScope } from '@custodian/schema';
import { AccountChange } from '../account-change/account-change.types';
import { UserEntity } from '../user/user.entity';

@InputType()
export class CreateUserInput {
  @Field() @MaxLength(64) @Matches(/^[a-z][a-z0-9_.-]{1,63}$/, { message: 'username must be 2–64 lower-case letters, digits, _ . -' }) username: string;
  @Field() @Length(1, 128) displayName: string;
  @Field(() => ID, { nullable: true }) departmentId?: string;
  @Field(() => [RoleName]) @ArrayMaxSize(5) roles: RoleName[];
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) @IsEmail() email?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) phone?: string;
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) @IsOptional() @Length(1, 128) displayName?: string;
  @Field(() => ID, { nullable: true }) departmentId?: string;
  @Field(() => [RoleName], { nullable: true }) @IsOptional() @ArrayMaxSize(5) roles?: RoleName[];
  @Field({ nullable: true }) active?: boolean;
  @Field({ nullable: true }) @IsOptional() @MaxLength(255) @IsEmail() email?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) phone?: string;
}

@ObjectType({
  description: 'A new or reset account. Either the whole initial password (shown once, changed at first sign-in), or — when the account '
    + 'would open sensitive access — half A of it and the change that waits for the security officer, who receives half B.',
})
export class UserCredentialsPayload {
  @Field(() => UserEntity) user: UserEntity;
  @Field(() => String, { nullable: true, description: 'The whole initial password, when the change applied at once.' }) initialPassword: string | null;
  @Field(() => String, { nullable: true, description: 'Half A of the password, when the change waits for approval.' }) passwordHalf: string | null;
  @Field(() => AccountChange, { nullable: true, description: 'The change waiting for the security officer, if any.' }) accountChange: AccountChange | null;
}

@InputType()
export class CreateDepartmentInput {
  @Field() @MaxLength(64) @Matches(/^[A-Z0-9_-]{2,64}$/, { message: 'code must be 2–64 capital letters, digits, _ or -' }) code: string;
  @Field() @Length(1, 128) name: string;
  @Field(() => ID) parentId: string;
}

@InputType()
export class UpdateDepartmentInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ nullable: true }) @IsOptional() @Length(1, 128) name?: string;
  @Field(() => ID, { nullable: true }) headUserId?: string;
}

@InputType()
export class UpdateRoleInput {
  @Field(() => RoleName) name: RoleName;
  @Field(() => RowScope, { nullable: true }) scope?: RowScope;
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) labelZh?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) labelEn?: string;
}
