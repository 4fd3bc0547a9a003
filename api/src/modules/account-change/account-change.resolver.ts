import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DecideChangeInput } from '../../common/inputs';
import { actorOf, Context } from '../../context';
import { userById } from '../customer/customer.loaders';
import { UserEntity } from '../user/user.entity';
import { AccountChange, AccountChangeWhere, ApproveAccountChangePayload } from './account-change.types';
import * as changes from './account-change.service';

/** Dual control of account changes: the administrator files (createUser, updateUser, resetPassword, updateRole), the security officer decides. */
@Resolver(() => AccountChange)
export class AccountChangeResolver {
  @Query(() => [AccountChange], { description: 'Account changes, newest first: all for the security officer, those you filed for the administrator.' })
  accountChanges(@Ctx() ctx: Context, @Arg('where', () => AccountChangeWhere, { nullable: true }) where?: AccountChangeWhere) {
    return changes.listAccountChanges(ctx, actorOf(ctx), where);
  }

  @Mutation(() => ApproveAccountChangePayload, { description: 'Security officer: applies a filed change (never your own filing or your own account).' })
  approveAccountChange(@Arg('input') input: DecideChangeInput, @Ctx() ctx: Context) { return changes.approveAccountChange(ctx, actorOf(ctx), input); }

  @Mutation(() => AccountChange, { description: 'Security officer: refuses a filed change, with a comment; nothing changes.' })
  rejectAccountChange(@Arg('input') input: DecideChangeInput, @Ctx() ctx: Context) { return changes.rejectAccountChange(ctx, actorOf(ctx), input); }

  @FieldResolver(() => UserEntity, { nullable: true })
  target(@Root() c: AccountChange, @Ctx() ctx: Context) { return c.targetUserId ? userById(ctx).load(c.targetUserId) : null; }

  @FieldResolver(() => UserEntity, { nullable: true })
  requestedBy(@Root() c: AccountChange, @Ctx() ctx: Context) { return userById(ctx).load(c.requestedById); }

  @FieldResolver(() => UserEntity, { nullable: true })
  decidedBy(@Root() c: AccountChange, @Ctx() ctx: Context) { return c.decidedById ? userById(ctx).load(c.decidedById) : null; }
}
