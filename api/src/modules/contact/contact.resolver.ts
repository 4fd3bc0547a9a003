import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@custodian/schema';
import { actorOf, Context } from '../../context';
import { DeleteInput, PageArgs } from '../../common/inputs';
import { CustomerEntity } from '../customer/customer.entity';
import { ContactEntity } from './contact.entity';
import { ContactOrder, ContactWhere, CreateContactInput, UpdateContactInput } from './contact.inputs';
import { ContactConnection, visibleCustomerById } from './contact.loaders';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contact.service';

@Resolver(() => ContactEntity)
export class ContactResolver {
  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => ContactConnection, { description: 'Contacts of the customers in the caller\'s scope, keyset-paginated.' })
  async contacts(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
    @Arg('where', () => ContactWhere, { nullable: true }) where?: ContactWhere,
    @Arg('orderBy', () => ContactOrder, { nullable: true }) orderBy?: ContactOrder,
  ): Promise<ContactConnection> {
    return ContactConnection.from(await listContacts(ctx, actorOf(ctx), page, where, orderBy));
  }

  @Authorized(Permission.CUSTOMER_READ)
  @Query(() => ContactEntity, { description: 'One contact; NOT_FOUND when it does not exist or its customer is outside the caller\'s scope.' })
  contact(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ContactEntity> {
    return getContact(ctx, actorOf(ctx), id);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ContactEntity)
  createContact(@Arg('input') input: CreateContactInput, @Ctx() ctx: Context): Promise<ContactEntity> {
    return createContact(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ContactEntity)
  updateContact(@Arg('input') input: UpdateContactInput, @Ctx() ctx: Context): Promise<ContactEntity> {
    return updateContact(ctx, actorOf(ctx), input);
  }

  @Authorized(Permission.RECORD_WRITE)
  @Mutation(() => ID, { description: 'Soft-deletes a contact; returns its id.' })
  deleteContact(@Arg('input') input: DeleteInput, @Ctx() ctx: Context): Promise<string> {
    return deleteContact(ctx, actorOf(ctx), input.id, input.version);
  }

  @FieldResolver(() => CustomerEntity, { nullable: true })
  customer(@Root() c: ContactEntity, @Ctx() ctx: Context) {
    return visibleCustomerById(ctx).load(c.customerId);
  }
}
