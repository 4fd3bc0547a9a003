import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { CustomerWhere } from '../customer/customer.inputs';
import { departmentById, userById } from '../customer/customer.loaders';
import { DepartmentEntity } from '../user/department.entity';
import { UserEntity } from '../user/user.entity';
import { CustomerSummaryResolver } from './customer-summary.resolver';
import { customerStats, salesStats } from './stats.service';
import {
  CustomerStats, CustomerStatsDimension, CustomerStatsRow, SalesStats, SalesStatsDimension, SalesStatsRow, SalesStatsWhere,
} from './stats.types';

@Resolver()
export class StatsResolver {
  @Authorized(Permission.STATS_READ)
  @Query(() => CustomerStats, { description: 'Customer counts grouped by the given dimensions (none: one total), within the caller\'s aggregate scope.' })
  customerStats(
    @Arg('groupBy', () => [CustomerStatsDimension]) groupBy: CustomerStatsDimension[],
    @Ctx() ctx: Context,
    @Arg('where', () => CustomerWhere, { nullable: true }) where?: CustomerWhere,
  ): Promise<CustomerStats> {
    return customerStats(ctx, actorOf(ctx), groupBy, where);
  }

  @Authorized(Permission.STATS_READ)
  @Query(() => SalesStats, { description: 'Order count, amount, received and outstanding grouped by the given dimensions, within the caller\'s aggregate scope.' })
  salesStats(
    @Arg('groupBy', () => [SalesStatsDimension]) groupBy: SalesStatsDimension[],
    @Ctx() ctx: Context,
    @Arg('where', () => SalesStatsWhere, { nullable: true }) where?: SalesStatsWhere,
  ): Promise<SalesStats> {
    return salesStats(ctx, actorOf(ctx), groupBy, where);
  }
}

/** Owner and department of a group, batched per request. */
@Resolver(() => CustomerStatsRow)
export class CustomerStatsRowResolver {
  @FieldResolver(() => UserEntity, { nullable: true })
  owner(@Root() r: CustomerStatsRow, @Ctx() ctx: Context) {
    return r.ownerId ? userById(ctx).load(r.ownerId) : null;
  }

  @FieldResolver(() => DepartmentEntity, { nullable: true })
  department(@Root() r: CustomerStatsRow, @Ctx() ctx: Context) {
    return r.departmentId ? departmentById(ctx).load(r.departmentId) : null;
  }
}

@Resolver(() => SalesStatsRow)
export class SalesStatsRowResolver {
  @FieldResolver(() => UserEntity, { nullable: true })
  owner(@Root() r: SalesStatsRow, @Ctx() ctx: Context) {
    return r.ownerId ? userById(ctx).load(r.ownerId) : null;
  }

  @FieldResolver(() => DepartmentEntity, { nullable: true })
  department(@Root() r: SalesStatsRow, @Ctx() ctx: Context) {
    return r.departmentId ? departmentById(ctx).load(r.departmentId) : null;
  }
}

export const STATS_RESOLVERS = [StatsResolver, CustomerStatsRowResolver, SalesStatsRowResolver, CustomerSummaryResolver] as const;
