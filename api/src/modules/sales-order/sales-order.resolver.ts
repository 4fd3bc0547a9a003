import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { DeleteInput, PageArgs } from '../../common/inputs';
import { ContactEntity } from '../contact/contact.entity';
import { contactById, visibleCustomerById } from '../contact/contact.loaders';
import { CustomerEntity } from '../customer/customer.entity';
import { userById } from '../customer/customer.loaders';
import { UserEntity } from '../user/user.entity';
import { SalesOrderEntity } from './sales-order.entity';
import { SalesOrderLineEntity } from './sales-order-line.entity';
import { CreateSalesOrderInput, SalesOrderOrder, SalesOrderWhere, UpdateSalesOrderInput } from './sales-order.inputs';
import { linesOfOrder, SalesOrderConnection } from './sales-order.loaders';
import {
  createSalesOrder, deleteSalesOrder, getSalesOrder, listSalesOrders, updateSalesOrder,
} from './sales-order.service';

@Resolver(() => SalesOrderEntity)
export class SalesOrderResolver {
  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => SalesOrderConnection, { description: 'Sales orders of the customers in the caller\'s scope, keyset-paginated.' })
  async salesOrders(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
    @Arg('where', () => SalesOrderWhere, { nullable: true }) where?: SalesOrderWhere,
    @Arg('orderBy', () => SalesOrderOrder, { nullable: true }) orderBy?: SalesOrderOrder,
  ): Promise<SalesOrderConnection> {
    return SalesOrderConnection.from(await listSalesOrders(ctx, actorOf(ctx), page, where, orderBy));
  }

  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => SalesOrderEntity, { description: 'One order; NOT_FOUND when it does not exist or its customer is outside the caller\'s scope.' })
  salesOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SalesOrderEntity> {
    return getSalesOrder(ctx, actorOf(ctx), id);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => SalesOrderEntity, { description: 'Creates an order; line amounts and the order amount are computed from the lines.' })
  createSalesOrder(@Arg('input') input: CreateSalesOrderInput, @Ctx() ctx: Context): Promise<SalesOrderEntity> {
    return createSalesOrder(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => SalesOrderEntity, { description: 'Updates an order; given lines replace all lines and the amount is recomputed.' })
  updateSalesOrder(@Arg('input') input: UpdateSalesOrderInput, @Ctx() ctx: Context): Promise<SalesOrderEntity> {
    return updateSalesOrder(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ID, { description: 'Soft-deletes an order; returns its id.' })
  deleteSalesOrder(@Arg('input') input: DeleteInput, @Ctx() ctx: Context): Promise<string> {
    return deleteSalesOrder(ctx, actorOf(ctx), input.id, input.version);
  }

  @FieldResolver(() => CustomerEntity, { nullable: true })
  customer(@Root() o: SalesOrderEntity, @Ctx() ctx: Context) {
    return visibleCustomerById(ctx).load(o.customerId);
  }

  @FieldResolver(() => ContactEntity, { nullable: true })
  contact(@Root() o: SalesOrderEntity, @Ctx() ctx: Context) {
    return o.contactId ? contactById(ctx).load(o.contactId) : null;
  }

  @FieldResolver(() => UserEntity, { nullable: true, description: 'Sales owner of the order' })
  owner(@Root() o: SalesOrderEntity, @Ctx() ctx: Context) {
    return o.ownerId ? userById(ctx).load(o.ownerId) : null;
  }

  @FieldResolver(() => [SalesOrderLineEntity], { nullable: true, description: 'Order lines in line order.' })
  async lines(@Root() o: SalesOrderEntity, @Ctx() ctx: Context): Promise<SalesOrderLineEntity[]> {
    return (await linesOfOrder(ctx).load(o.id)).nodes;
  }
}
