import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { RoleName, RowScope } from '@custodian/schema';
import { ChangeStatus } from '../../common/enums';
import { UserEntity } from '../user/user.entity';
import { AccountChangeKind } from './account-change.entity';

registerEnumType(AccountChangeKind, {
  name: 'AccountChangeKind',
  description: 'CREATE_USER, SET_ROLES, RESET_PASSWORD or SET_ROLE_SCOPE: an account change that waits for the security officer.',
});

@ObjectType('AccountChange', { description: 'An account change the administrator filed; it applies when the security officer approves it.' })
export class AccountChange {
  @Field(() => ID) id: string;
  @Field(() => AccountChangeKind) kind: AccountChangeKind;
  @Field(() => ChangeStatus) status: ChangeStatus;
  targetUserId: string | null;
  @Field(() => UserEntity, { nullable: true, description: 'The account it is about (null for SET_ROLE_SCOPE).' }) target?: UserEntity | null;
  @Field(() => RoleName, { nullable: true, description: 'The role whose scope changes (SET_ROLE_SCOPE).' }) roleName: RoleName | null;
  @Field(() => [RoleName], { nullable: true }) rolesBefore: RoleName[] | null;
  @Field(() => [RoleName], { nullable: true }) rolesAfter: RoleName[] | null;
  @Field(() => RowScope, { nullable: true }) scopeBefore: RowScope | null;
  @Field(() => RowScope, { nullable: true }) scopeAfter: RowScope | null;
  @Field({ description: 'Approving voids the password and ends the sessions: the account becomes sensitive, and its current password may be '
    + 'known to the administrator (a plain account\'s initial password is); a reset under dual control follows.' })
  voidsPassword: boolean;
  requestedById: string;
  @Field(() => UserEntity, { nullable: true }) requestedBy?: UserEntity | null;
  @Field() requestedAt: Date;
  decidedById: string | null;
  @Field(() => UserEntity, { nullable: true }) decidedBy?: UserEntity | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@InputType()
export class AccountChangeWhere {
  @Field(() => [ChangeStatus], { nullable: true }) statusIn?: ChangeStatus[];
  @Field(() => AccountChangeKind, { nullable: true }) kind?: AccountChangeKind;
  @Field(() => ID, { nullable: true }) targetUserId?: string;
}

@ObjectType({ description: 'An approved account change; for a new or reset password, half B of it, shown only this once.' })
export class ApproveAccountChangePayload {
  @Field(() => AccountChange) change: AccountChange;
  @Field(() => String, {
    nullable: true,
    description: 'Half B of the new password (CREATE_USER, RESET_PASSWORD): the user types half A (from the administrator) then half B.',
  })
  passwordHalf: string | null;
}
