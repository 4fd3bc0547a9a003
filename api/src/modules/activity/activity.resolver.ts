import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { DeleteInput, PageArgs } from '../../common/inputs';
import { ContactEntity } from '../contact/contact.entity';
import { contactById, visibleCustomerById } from '../contact/contact.loaders';
import { CustomerEntity } from '../customer/customer.entity';
import { userById } from '../customer/customer.loaders';
import { UserEntity } from '../user/user.entity';
import { ActivityEntity } from './activity.entity';
import { ActivityOrder, ActivityWhere, CreateActivityInput, UpdateActivityInput } from './activity.inputs';
import { ActivityConnection } from './activity.loaders';
import { createActivity, deleteActivity, getActivity, listActivities, updateActivity } from './activity.service';

@Resolver(() => ActivityEntity)
export class ActivityResolver {
  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => ActivityConnection, { description: 'Activities with the customers in the caller\'s scope, keyset-paginated.' })
  async activities(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
    @Arg('where', () => ActivityWhere, { nullable: true }) where?: ActivityWhere,
    @Arg('orderBy', () => ActivityOrder, { nullable: true }) orderBy?: ActivityOrder,
  ): Promise<ActivityConnection> {
    return ActivityConnection.from(await listActivities(ctx, actorOf(ctx), page, where, orderBy));
  }

  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => ActivityEntity, { description: 'One activity; NOT_FOUND when it does not exist or its customer is outside the caller\'s scope.' })
  activity(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ActivityEntity> {
    return getActivity(ctx, actorOf(ctx), id);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ActivityEntity)
  createActivity(@Arg('input') input: CreateActivityInput, @Ctx() ctx: Context): Promise<ActivityEntity> {
    return createActivity(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ActivityEntity)
  updateActivity(@Arg('input') input: UpdateActivityInput, @Ctx() ctx: Context): Promise<ActivityEntity> {
    return updateActivity(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ID, { description: 'Soft-deletes an activity; returns its id.' })
  deleteActivity(@Arg('input') input: DeleteInput, @Ctx() ctx: Context): Promise<string> {
    return deleteActivity(ctx, actorOf(ctx), input.id, input.version);
  }

  @FieldResolver(() => CustomerEntity, { nullable: true })
  customer(@Root() a: ActivityEntity, @Ctx() ctx: Context) {
    return visibleCustomerById(ctx).load(a.customerId);
  }

  @FieldResolver(() => ContactEntity, { nullable: true })
  contact(@Root() a: ActivityEntity, @Ctx() ctx: Context) {
    return a.contactId ? contactById(ctx).load(a.contactId) : null;
  }

  @FieldResolver(() => UserEntity, { nullable: true, description: 'Who made the contact' })
  owner(@Root() a: ActivityEntity, @Ctx() ctx: Context) {
    return a.ownerId ? userById(ctx).load(a.ownerId) : null;
  }
}
