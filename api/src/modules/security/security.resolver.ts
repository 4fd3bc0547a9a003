import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, Context } from '../../context';
import { userById } from '../customer/customer.loaders';
import { UserEntity } from '../user/user.entity';
import {
  ArchiveCodeArgs, ArchiveEntry, ArchiveEntryWhere, FieldPolicy, SetArchiveLevelInput, SetClearanceInput, SetFieldLevelInput,
} from './security.types';
import * as security from './security.service';

/** Security officer (clearances, field levels) and archive administration (levels, custodians). */
@Resolver(() => ArchiveEntry)
export class SecurityResolver {
  @Mutation(() => UserEntity, { description: 'Sets a user\'s clearance (security officer; never one\'s own).' })
  setClearance(@Arg('input') input: SetClearanceInput, @Ctx() ctx: Context) { return security.setClearance(ctx, actorOf(ctx), input); }

  @Query(() => [FieldPolicy], { description: 'Every classified field with its default and effective level.' })
  fieldPolicies(@Ctx() ctx: Context) { return security.listFieldPolicies(ctx, actorOf(ctx)); }

  @Mutation(() => FieldPolicy, { description: 'Overrides a field\'s level at run time (null restores the default).' })
  setFieldLevel(@Arg('input') input: SetFieldLevelInput, @Ctx() ctx: Context) { return security.setFieldLevel(ctx, actorOf(ctx), input); }

  @Query(() => [ArchiveEntry], { description: 'The finding aid: code, name, level and custodian of archives (archive administrators).' })
  archiveEntries(
    @Ctx() ctx: Context,
    @Arg('where', () => ArchiveEntryWhere, { nullable: true }) where?: ArchiveEntryWhere,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
  ) { return security.listArchiveEntries(ctx, actorOf(ctx), where, first); }

  @Query(() => ArchiveEntry, { description: 'Looks up one archive by its exact code (to request access to it).' })
  archiveEntry(@Args() { code }: ArchiveCodeArgs, @Ctx() ctx: Context) { return security.archiveEntryByCode(ctx, actorOf(ctx), code); }

  @Mutation(() => ArchiveEntry, { description: 'Sets an archive\'s level (档案密级) and custodian (保管人).' })
  setArchiveLevel(@Arg('input') input: SetArchiveLevelInput, @Ctx() ctx: Context) { return security.setArchiveLevel(ctx, actorOf(ctx), input); }

  @FieldResolver(() => UserEntity, { nullable: true })
  custodian(@Root() e: ArchiveEntry, @Ctx() ctx: Context) { return e.custodianId ? userById(ctx).load(e.custodianId) : null; }
}
