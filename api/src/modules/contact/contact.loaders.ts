import { connectionOf } from '../../common/connection';
import { ChildList } from '../../common/nested';
import { ContactEntity } from './contact.entity';

export const ContactConnection = connectionOf(ContactEntity, 'Contact');
export type ContactConnection = InstanceType<typeof ContactConnection>;

/** A customer's contacts: primary first, then in the order they were added. */
export const CONTACTS_OF_CUSTOMER: ChildList<ContactEntity> = {
  name: 'contactsOfCustomer', entity: ContactEntity, table: 'contact', parentColumn: 'customer_id',
  parentOf: (c) => c.customerId, direction: 'ASC', softDelete: true,
};
