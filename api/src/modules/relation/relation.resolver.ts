import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { DeleteInput } from '../../common/inputs';
import { visibleCustomerById } from '../contact/contact.loaders';
import { CustomerEntity } from '../customer/customer.entity';
import { CustomerRelationEntity, RelationTypeEntity } from './relation.entity';
import { CreateCustomerRelationInput, CreateRelationTypeInput } from './relation.inputs';
import { relationTypeById } from './relation.loaders';
import {
  createCustomerRelation, createRelationType, deleteCustomerRelation, listCustomerRelations, listRelationTypes,
} from './relation.service';

@Resolver(() => RelationTypeEntity)
export class RelationTypeResolver {
  @Query(() => [RelationTypeEntity], { description: 'Kinds of customer relationship, by name.' })
  relationTypes(@Ctx() ctx: Context): Promise<RelationTypeEntity[]> {
    return listRelationTypes(ctx);
  }

  @Authorized(Permission.USER_ADMIN)
  @Mutation(() => RelationTypeEntity)
  createRelationType(@Arg('input') input: CreateRelationTypeInput, @Ctx() ctx: Context): Promise<RelationTypeEntity> {
    return createRelationType(ctx, actorOf(ctx), input);
  }
}

@Resolver(() => CustomerRelationEntity)
export class CustomerRelationResolver {
  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => [CustomerRelationEntity], {
    description: 'Relations of a customer (either direction) whose other end the caller can also see; NOT_FOUND when the customer is not visible.',
  })
  customerRelations(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: Context): Promise<CustomerRelationEntity[]> {
    return listCustomerRelations(ctx, actorOf(ctx), customerId);
  }

  @Authorized(Permission.CUSTOMER_WRITE)
  @Mutation(() => CustomerRelationEntity)
  createCustomerRelation(@Arg('input') input: CreateCustomerRelationInput, @Ctx() ctx: Context): Promise<CustomerRelationEntity> {
    return createCustomerRelation(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.CUSTOMER_WRITE)
  @Mutation(() => ID, { description: 'Soft-deletes a customer relation; returns its id.' })
  deleteCustomerRelation(@Arg('input') input: DeleteInput, @Ctx() ctx: Context): Promise<string> {
    return deleteCustomerRelation(ctx, actorOf(ctx), input.id, input.version);
  }

  @FieldResolver(() => CustomerEntity, { nullable: true })
  fromCustomer(@Root() r: CustomerRelationEntity, @Ctx() ctx: Context) {
    return visibleCustomerById(ctx).load(r.fromCustomerId);
  }

  @FieldResolver(() => CustomerEntity, { nullable: true })
  toCustomer(@Root() r: CustomerRelationEntity, @Ctx() ctx: Context) {
    return visibleCustomerById(ctx).load(r.toCustomerId);
  }

  @FieldResolver(() => RelationTypeEntity, { nullable: true })
  relationType(@Root() r: CustomerRelationEntity, @Ctx() ctx: Context) {
    return relationTypeById(ctx).load(r.relationTypeId);
  }
}
