import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, Context } from '../../context';
import { userById } from '../customer/customer.loaders';
import { archiveEntryById } from '../security/security.loaders';
import { ArchiveEntry } from '../security/security.types';
import { UserEntity } from '../user/user.entity';
import { AccessApproval, AccessGrant, AccessPurpose, AccessRequest, DecideArgs, Reminder, RequestAccessInput } from './access.types';
import * as access from './access.service';
import { reminders } from './access.reminders';

@Resolver(() => AccessRequest)
export class AccessRequestResolver {
  @Mutation(() => AccessRequest, { description: '申请查阅: ask for named fields (or the whole archive) for a purpose and a time.' })
  requestAccess(@Arg('input') input: RequestAccessInput, @Ctx() ctx: Context) { return access.requestAccess(ctx, actorOf(ctx), input); }

  @Mutation(() => AccessRequest)
  approveAccessRequest(@Args() { id, comment }: DecideArgs, @Ctx() ctx: Context) {
    return access.approveAccessRequest(ctx, actorOf(ctx), id, comment ?? null);
  }

  @Mutation(() => AccessRequest)
  rejectAccessRequest(@Args() { id, comment }: DecideArgs, @Ctx() ctx: Context) {
    return access.rejectAccessRequest(ctx, actorOf(ctx), id, comment ?? null);
  }

  @Query(() => [AccessRequest], { description: 'Requests whose current approval step waits on you.' })
  pendingApprovals(@Ctx() ctx: Context) { return access.pendingApprovals(ctx, actorOf(ctx)); }

  @Query(() => [AccessRequest], { description: 'Your own access requests, newest first.' })
  myAccessRequests(@Ctx() ctx: Context) { return access.myAccessRequests(ctx, actorOf(ctx)); }

  @Query(() => AccessRequest)
  accessRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return access.getAccessRequest(ctx, actorOf(ctx), id); }

  @Query(() => [AccessPurpose])
  accessPurposes(@Ctx() ctx: Context) { return access.accessPurposes(ctx); }

  @Query(() => [Reminder], { description: 'Approvals waiting, overdue or ending grants, follow-ups due.' })
  reminders(@Ctx() ctx: Context) { return reminders(ctx, actorOf(ctx)); }

  @FieldResolver(() => UserEntity, { nullable: true })
  requester(@Root() r: AccessRequest, @Ctx() ctx: Context) { return userById(ctx).load(r.requesterId); }

  @FieldResolver(() => ArchiveEntry, { nullable: true })
  customer(@Root() r: AccessRequest, @Ctx() ctx: Context) { return archiveEntryById(ctx).load(r.customerId); }
}

@Resolver(() => AccessApproval)
export class AccessApprovalResolver {
  @FieldResolver(() => UserEntity, { nullable: true })
  approver(@Root() a: AccessApproval, @Ctx() ctx: Context) { return a.approverUserId ? userById(ctx).load(a.approverUserId) : null; }

  @FieldResolver(() => UserEntity, { nullable: true })
  decidedBy(@Root() a: AccessApproval, @Ctx() ctx: Context) { return a.decidedById ? userById(ctx).load(a.decidedById) : null; }
}

@Resolver(() => AccessGrant)
export class AccessGrantResolver {
  @Query(() => [AccessGrant], { description: 'Your grants: active, returned, expired and revoked, with time left.' })
  myGrants(@Ctx() ctx: Context) { return access.myGrants(ctx, actorOf(ctx)); }

  @Query(() => AccessGrant, { description: 'A grant (e.g. from a READ event\'s grantId) with its request, approvers and reason.' })
  accessGrant(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return access.getGrant(ctx, actorOf(ctx), id); }

  @Mutation(() => AccessGrant, { description: '归还: end your grant early.' })
  returnGrant(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return access.returnGrant(ctx, actorOf(ctx), id); }

  @Mutation(() => AccessGrant, { description: 'Revoke a grant (the archive\'s custodian or an information supervisor).' })
  revokeGrant(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) { return access.revokeGrant(ctx, actorOf(ctx), id); }

  @FieldResolver(() => UserEntity, { nullable: true })
  grantee(@Root() g: AccessGrant, @Ctx() ctx: Context) { return userById(ctx).load(g.granteeId); }

  @FieldResolver(() => ArchiveEntry, { nullable: true })
  customer(@Root() g: AccessGrant, @Ctx() ctx: Context) { return archiveEntryById(ctx).load(g.customerId); }

  @FieldResolver(() => AccessRequest, { nullable: true })
  request(@Root() g: AccessGrant & { request?: AccessRequest }, @Ctx() ctx: Context) {
    return g.request ?? access.getAccessRequest(ctx, actorOf(ctx), g.requestId).catch(() => null);
  }
}
