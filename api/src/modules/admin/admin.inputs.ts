import { ArrayMaxSize, IsEmail, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { RoleName, RowScope } from '@custodian/schema';
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

@ObjectType({ description: 'A new or reset account: the initial password is shown once and must be changed at first sign-in.' })
export class UserCredentialsPayload {
  @Field(() => UserEntity) user: UserEntity;
  @Field() initialPassword: string;
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
