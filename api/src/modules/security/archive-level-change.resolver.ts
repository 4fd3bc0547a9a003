import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DecideChangeInput } from '../../common/inputs';
import { actorOf, Context } from '../../context';
import { userById } from '../customer/customer.loaders';
import { UserEntity } from '../user/user.entity';
import * as changes from './archive-level-change.service';
import { archiveEntryById } from './security.loaders';
import { ArchiveEntry, ArchiveLevelChange, ArchiveLevelChangeWhere } from './security.types';

/** Declassifications (降密) waiting for, or decided by, a second archive administrator. */
@Resolver(() => ArchiveLevelChange)
export class ArchiveLevelChangeResolver {
  @Query(() => [ArchiveLevelChange], { description: 'Proposed lowerings of archive levels, newest first (archive administrators).' })
  archiveLevelChanges(@Ctx() ctx: Context, @Arg('where', () => ArchiveLevelChangeWhere, { nullable: true }) where?: ArchiveLevelChangeWhere) {
    return changes.listArchiveLevelChanges(ctx, actorOf(ctx), where);
  }

  @Mutation(() => ArchiveLevelChange, { description: 'Applies a proposed lowering (not your own proposal, nor one that benefits you).' })
  approveArchiveLevelChange(@Arg('input') input: DecideChangeInput, @Ctx() ctx: Context) {
    return changes.approveArchiveLevelChange(ctx, actorOf(ctx), input);
  }

  @Mutation(() => ArchiveLevelChange, { description: 'Refuses a proposed lowering, with a comment; the archive keeps its level.' })
  rejectArchiveLevelChange(@Arg('input') input: DecideChangeInput, @Ctx() ctx: Context) {
    return changes.rejectArchiveLevelChange(ctx, actorOf(ctx), input);
  }

  @FieldResolver(() => ArchiveEntry, { nullable: true })
  customer(@Root() c: ArchiveLevelChange, @Ctx() ctx: Context) { return archiveEntryById(ctx).load(c.customerId); }

  @FieldResolver(() => UserEntity, { nullable: true })
  custodianBefore(@Root() c: ArchiveLevelChange, @Ctx() ctx: Context) { return c.custodianBeforeId ? userById(ctx).load(c.custodianBeforeId) : null; }

  @FieldResolver(() => UserEntity, { nullable: true })
  custodianAfter(@Root() c: ArchiveLevelChange, @Ctx() ctx: Context) { return c.custodianAfterId ? userById(ctx).load(c.custodianAfterId) : null; }

  @FieldResolver(() => UserEntity, { nullable: true })
  requestedBy(@Root() c: ArchiveLevelChange, @Ctx() ctx: Context) { return userById(ctx).load(c.requestedById); }

  @FieldResolver(() => UserEntity, { nullable: true })
  decidedBy(@Root() c: ArchiveLevelChange, @Ctx() ctx: Context) { return c.decidedById ? userById(ctx).load(c.decidedById) : null; }
}
