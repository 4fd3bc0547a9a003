import { Length } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Level, RowScope } from '@custodian/schema';
import { ApiTokenEntity } from './api-token.entity';

@InputType()
export class CreateApiTokenInput {
  @Field() @Length(1, 128) name: string;
  @Field(() => Level, { description: 'Never above your own clearance.' }) clearance: Level;
  @Field(() => RowScope, { description: 'Never wider than your own row scope.' }) scope: RowScope;
  @Field({ description: 'At most 365 days ahead.' }) expiresAt: Date;
}

@ObjectType('CreateApiTokenPayload')
export class CreateApiTokenPayload {
  @Field({ description: 'The secret, shown only this once: send it as Authorization: Bearer <token>.' }) token: string;
  @Field(() => ApiTokenEntity) apiToken: ApiTokenEntity;
}
