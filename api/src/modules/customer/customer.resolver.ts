import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { documentFieldNames } from '../../common/projection';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { connectionOf } from '../../common/connection';
import { DeleteInput, PageArgs } from '../../common/inputs';
import { ActivityConnection, ACTIVITIES_OF_CUSTOMER } from '../activity/activity.loaders';
import { ContactConnection, CONTACTS_OF_CUSTOMER } from '../contact/contact.loaders';
import { ORDERS_OF_CUSTOMER, SalesOrderConnection } from '../sales-order/sales-order.loaders';
import { DepartmentEntity } from '../user/department.entity';
import { UserEntity } from '../user/user.entity';
import { CustomerEntity } from './customer.entity';
import { CreateCustomerInput, CustomerOrder, CustomerWhere, UpdateCustomerInput } from './customer.inputs';
import { childPages, departmentById, userById } from './customer.loaders';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, pageSize, updateCustomer } from './customer.service';

export const CustomerConnection = connectionOf(CustomerEntity, 'Customer');
type CustomerConnection = InstanceType<typeof CustomerConnection>;

@Resolver(() => CustomerEntity)
export class CustomerResolver {
  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => CustomerConnection, { description: 'Customers in the caller\'s scope, keyset-paginated.' })
  async customers(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('where', () => CustomerWhere, { nullable: true }) where?: CustomerWhere,
    @Arg('orderBy', () => CustomerOrder, { nullable: true }) orderBy?: CustomerOrder,
  ): Promise<CustomerConnection> {
    return CustomerConnection.from(await listCustomers(ctx, actorOf(ctx), page, where, orderBy, documentFieldNames(info)));
  }

  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => CustomerEntity, { description: 'One customer; NOT_FOUND when it does not exist or is outside the caller\'s scope.' })
  customer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CustomerEntity> {
    return getCustomer(ctx, actorOf(ctx), id);
  }

  @Authorized(Permission.CUSTOMER_WRITE)
  @Mutation(() => CustomerEntity)
  createCustomer(@Arg('input') input: CreateCustomerInput, @Ctx() ctx: Context): Promise<CustomerEntity> {
    return createCustomer(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.CUSTOMER_WRITE)
  @Mutation(() => CustomerEntity)
  updateCustomer(@Arg('input') input: UpdateCustomerInput, @Ctx() ctx: Context): Promise<CustomerEntity> {
    return updateCustomer(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.CUSTOMER_DELETE)
  @Mutation(() => ID, { description: 'Soft-deletes a customer; returns its id.' })
  deleteCustomer(@Arg('input') input: DeleteInput, @Ctx() ctx: Context): Promise<string> {
    return deleteCustomer(ctx, actorOf(ctx), input.id, input.version);
  }

  @FieldResolver(() => UserEntity, { nullable: true, description: 'Owner account manager (客户经理)' })
  owner(@Root() c: CustomerEntity, @Ctx() ctx: Context) {
    return c.ownerId ? userById(ctx).load(c.ownerId) : null;
  }

  @FieldResolver(() => UserEntity, { nullable: true, description: 'Second manager, who shares the customer' })
  secondManager(@Root() c: CustomerEntity, @Ctx() ctx: Context) {
    return c.secondManagerId ? userById(ctx).load(c.secondManagerId) : null;
  }

  @FieldResolver(() => DepartmentEntity, { nullable: true, description: 'Owning department' })
  department(@Root() c: CustomerEntity, @Ctx() ctx: Context) {
    return c.departmentId ? departmentById(ctx).load(c.departmentId) : null;
  }

  @FieldResolver(() => UserEntity, { nullable: true, description: '保管人: keeper of a classified archive' })
  custodian(@Root() c: CustomerEntity, @Ctx() ctx: Context) {
    return c.custodianId ? userById(ctx).load(c.custodianId) : null;
  }

  @FieldResolver(() => ContactConnection, { nullable: true })
  async contacts(@Root() c: CustomerEntity, @Args() page: PageArgs, @Ctx() ctx: Context): Promise<ContactConnection> {
    const first = pageSize(ctx, actorOf(ctx), page.first);
    return ContactConnection.from(await childPages(ctx, CONTACTS_OF_CUSTOMER, first, page.after).load(c.id));
  }

  @FieldResolver(() => ActivityConnection, { nullable: true })
  async activities(@Root() c: CustomerEntity, @Args() page: PageArgs, @Ctx() ctx: Context): Promise<ActivityConnection> {
    const first = pageSize(ctx, actorOf(ctx), page.first);
    return ActivityConnection.from(await childPages(ctx, ACTIVITIES_OF_CUSTOMER, first, page.after).load(c.id));
  }

  @FieldResolver(() => SalesOrderConnection, { nullable: true })
  async salesOrders(@Root() c: CustomerEntity, @Args() page: PageArgs, @Ctx() ctx: Context): Promise<SalesOrderConnection> {
    const first = pageSize(ctx, actorOf(ctx), page.first);
    return SalesOrderConnection.from(await childPages(ctx, ORDERS_OF_CUSTOMER, first, page.after).load(c.id));
  }
}
