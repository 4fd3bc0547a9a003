/** GraphQL documents of the web app, against schema/schema.graphql. */

const ACCESS_SELECTION = '{ field level readable reason requestable }';
export const FIELD_ACCESS = `fieldAccess ${ACCESS_SELECTION}`;
const USER_REF = 'id displayName';

/** The customer list's columns: the rows carry readability for these only (not the ~40 fields of a profile). */
const LIST_COLUMNS = ['code', 'name', 'archiveLevel', 'kind', 'type', 'status', 'grade', 'industry', 'region', 'phone', 'updatedAt', 'owner'];

export const CUSTOMER_ROW = `id code name archiveLevel kind type status grade industry region phone updatedAt
  owner { ${USER_REF} } fieldAccess(fields: ${JSON.stringify(LIST_COLUMNS)}) ${ACCESS_SELECTION}`;

export const CUSTOMERS = `query Customers($first: Int, $after: String, $where: CustomerWhere, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount pageInfo { endCursor hasNextPage } edges { cursor node { ${CUSTOMER_ROW} } }
  }
}`;

/**
 * Owners the customer list may filter by: every owner in the caller's scope (customerStats keeps to it
 * and to the rows whose owner the caller may read), not only those on the current page.
 */
export const OWNER_OPTIONS = `query OwnerOptions { customerStats(groupBy: [OWNER]) { rows { ownerId owner { ${USER_REF} } } } }`;

export const CUSTOMER_FIELDS = `id code name archiveLevel version kind type nature industry region province city address phone
  website source status lossReason grade creditRating annualRevenue headcount legalRepresentative registeredCapital
  taxId bankName bankAccount financialNotes idNumber birthday gender notes createdAt updatedAt
  owner { ${USER_REF} } secondManager { ${USER_REF} } department { id name } custodian { ${USER_REF} } ${FIELD_ACCESS}`;

export const CUSTOMER = `query Customer($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`;

export const CONTACT_FIELDS = `id customerId name salutation department title officePhone mobile email homePhone homeAddress
  birthday hobbies decisionInfluence importantDates receiveEmail receiveSms isPrimary notes version ${FIELD_ACCESS}`;
export const ACTIVITY_FIELDS = `id customerId contactId type method subject content outcome occurredAt nextFollowUpAt version
  contact { id name } ${FIELD_ACCESS}`;
export const ORDER_LINE_FIELDS = `id product model quantity unit unitPrice costPrice discount amount ${FIELD_ACCESS}`;
export const ORDER_FIELDS = `id customerId contactId orderNo orderDate currency status amount receivedAmount dueDate invoiced
  notes version lines { ${ORDER_LINE_FIELDS} } ${FIELD_ACCESS}`;

export const CUSTOMER_CONTACTS = `query CustomerContacts($id: ID!, $first: Int) {
  contacts(first: $first, where: { customerId: $id }, orderBy: { field: NAME, direction: ASC }) {
    totalCount pageInfo { endCursor hasNextPage } edges { node { ${CONTACT_FIELDS} } }
  }
}`;

export const CUSTOMER_ACTIVITIES = `query CustomerActivities($id: ID!, $first: Int, $after: String) {
  activities(first: $first, after: $after, where: { customerId: $id }, orderBy: { field: OCCURRED_AT, direction: DESC }) {
    totalCount pageInfo { endCursor hasNextPage } edges { node { ${ACTIVITY_FIELDS} } }
  }
}`;

export const CUSTOMER_ORDERS = `query CustomerOrders($id: ID!, $first: Int, $after: String) {
  salesOrders(first: $first, after: $after, where: { customerId: $id }, orderBy: { field: ORDER_DATE, direction: DESC }) {
    totalCount pageInfo { endCursor hasNextPage } edges { node { ${ORDER_FIELDS} } }
  }
}`;

export const CREATE_CUSTOMER = `mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
export const UPDATE_CUSTOMER = `mutation UpdateCustomer($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;

export const CREATE_CONTACT = `mutation CreateContact($input: CreateContactInput!) { createContact(input: $input) { ${CONTACT_FIELDS} } }`;
export const UPDATE_CONTACT = `mutation UpdateContact($input: UpdateContactInput!) { updateContact(input: $input) { ${CONTACT_FIELDS} } }`;
export const CONTACT = `query Contact($id: ID!) { contact(id: $id) { ${CONTACT_FIELDS} } }`;
export const CREATE_ACTIVITY = `mutation CreateActivity($input: CreateActivityInput!) { createActivity(input: $input) { ${ACTIVITY_FIELDS} } }`;
export const UPDATE_ACTIVITY = `mutation UpdateActivity($input: UpdateActivityInput!) { updateActivity(input: $input) { ${ACTIVITY_FIELDS} } }`;
export const ACTIVITY = `query Activity($id: ID!) { activity(id: $id) { ${ACTIVITY_FIELDS} } }`;
export const CREATE_ORDER = `mutation CreateSalesOrder($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const UPDATE_ORDER = `mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) { updateSalesOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const ORDER = `query SalesOrder($id: ID!) { salesOrder(id: $id) { ${ORDER_FIELDS} } }`;


/** Workbench: my customers' status and grade (aggregated in the web server when there are few). */
export const MY_CUSTOMERS = `query MyCustomers($me: [ID!], $first: Int) {
  customers(first: $first, where: { ownerIdIn: $me }, orderBy: { field: ID, direction: ASC }) {
    totalCount edges { node { id name status grade } }
  }
}`;

export const FOLLOW_UPS = `query FollowUps($me: [ID!], $from: DateTimeISO, $to: DateTimeISO) {
  activities(first: 10, where: { ownerIdIn: $me, nextFollowUpAt: { from: $from, to: $to } }, orderBy: { field: NEXT_FOLLOW_UP_AT, direction: ASC }) {
    totalCount edges { node { id subject type nextFollowUpAt customer { id name } } }
  }
}`;

export const CONTACT_BIRTHDAYS = `query ContactBirthdays($customers: [ID!], $first: Int) {
  contacts(first: $first, where: { customerIdIn: $customers }) {
    totalCount edges { node { id name birthday title customer { id name } } }
  }
}`;
