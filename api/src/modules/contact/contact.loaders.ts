import DataLoader from 'dataloader';
import { Context, actorOf } from '../../context';
import { connectionOf } from '../../common/connection';
import { byIdLoader, ChildList } from '../../common/nested';
import { CustomerEntity } from '../customer/customer.entity';
import { scopedCustomers } from '../customer/customer.service';
import { ContactEntity } from './contact.entity';

export const ContactConnection = connectionOf(ContactEntity, 'Contact');
export type ContactConnection = InstanceType<typeof ContactConnection>;

/** A customer's contacts: primary first, then in the order they were added. */
export const CONTACTS_OF_CUSTOMER: ChildList<ContactEntity> = {
  name: 'contactsOfCustomer', entity: ContactEntity, table: 'contact', parentColumn: 'customer_id',
  parentOf: (c) => c.customerId, direction: 'ASC', softDelete: true,
};

/**
 * The parent customer of a contact, activity, order or relation, batched and within the actor's
 * scope: a customer outside it (or deleted) loads as null.
 */
export const visibleCustomerById = (ctx: Context): DataLoader<string, CustomerEntity | null> =>
  ctx.loaders.get('visibleCustomerById', () => new DataLoader(async (ids) => {
    const rows = await scopedCustomers(ctx.ds.manager, actorOf(ctx)).andWhere('c.id IN (:...visibleIds)', { visibleIds: [...ids] }).getMany();
    const byId = new Map(rows.map((c) => [String(c.id), c]));
    return ids.map((id) => byId.get(id) ?? null);
  }));

/** Contacts by id (only reached through an activity or order already in scope). */
export const contactById = (ctx: Context): DataLoader<string, ContactEntity | null> =>
  ctx.loaders.get('contactById', () => byIdLoader(ctx.ds, ContactEntity));
