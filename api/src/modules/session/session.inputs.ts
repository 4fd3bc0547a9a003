import { Field, InputType, ObjectType } from 'type-graphql';
import { Length, MaxLength } from 'class-validator';
import { UserEntity } from '../user/user.entity';

@InputType()
export class LoginInput {
  @Field() @Length(1, 64) username: string;
  @Field() @Length(1, 128) password: string;
}

@InputType()
export class ChangePasswordInput {
  @Field() @MaxLength(128) currentPassword: string;
  @Field() @MaxLength(128) newPassword: string;
}

@ObjectType()
export class LoginPayload {
  @Field({ description: 'Bearer token: send as Authorization: Bearer <token>' }) token: string;
  @Field() expiresAt: Date;
  @Field({ description: 'The user must call changePassword before anything else.' }) mustChangePassword: boolean;
  @Field(() => UserEntity) user: UserEntity;
}
