import { Level } from './levels';

const { PUBLIC, INTERNAL, CONFIDENTIAL, CLASSIFIED } = Level;

/**
 * Default classification of every field of every GraphQL object type that carries data.
 * A security officer may override a field at run time (FieldPolicy); the override wins.
 * A test fails when an output field of the emitted schema is missing here.
 */
export const FIELD_CATALOGUE: Record<string, Record<string, Level>> = {
  Customer: {
    id: PUBLIC, code: PUBLIC, name: PUBLIC, archiveLevel: PUBLIC, custodian: INTERNAL, fieldAccess: PUBLIC,
    kind: INTERNAL, type: INTERNAL, nature: INTERNAL, industry: INTERNAL, region: INTERNAL, province: INTERNAL, city: INTERNAL,
    address: INTERNAL, phone: INTERNAL, website: PUBLIC, source: INTERNAL, status: INTERNAL, lossReason: INTERNAL, grade: INTERNAL,
    creditRating: CONFIDENTIAL, annualRevenue: CONFIDENTIAL, headcount: INTERNAL, legalRepresentative: INTERNAL,
    registeredCapital: CONFIDENTIAL, taxId: CONFIDENTIAL, bankName: CONFIDENTIAL, bankAccount: CLASSIFIED,
    financialNotes: CONFIDENTIAL, idNumber: CLASSIFIED, birthday: CONFIDENTIAL, gender: INTERNAL,
    owner: INTERNAL, secondManager: INTERNAL, department: INTERNAL, notes: INTERNAL,
    contacts: INTERNAL, activities: INTERNAL, salesOrders: INTERNAL,
    primaryContact: INTERNAL, lastActivityAt: INTERNAL, openOrderAmount: INTERNAL,
    createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  Contact: {
    id: PUBLIC, fieldAccess: PUBLIC, customerId: INTERNAL, customer: INTERNAL, name: INTERNAL, salutation: INTERNAL,
    department: INTERNAL, title: INTERNAL, officePhone: INTERNAL, mobile: CONFIDENTIAL, email: INTERNAL,
    homePhone: CLASSIFIED, homeAddress: CLASSIFIED, birthday: CONFIDENTIAL, hobbies: INTERNAL, decisionInfluence: INTERNAL,
    importantDates: INTERNAL, receiveEmail: INTERNAL, receiveSms: INTERNAL, isPrimary: INTERNAL, notes: INTERNAL,
    createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  Activity: {
    id: PUBLIC, fieldAccess: PUBLIC, customerId: INTERNAL, customer: INTERNAL, contactId: INTERNAL, contact: INTERNAL,
    owner: INTERNAL, type: INTERNAL, method: INTERNAL, subject: INTERNAL, content: INTERNAL, outcome: INTERNAL,
    occurredAt: INTERNAL, nextFollowUpAt: INTERNAL, reminderAt: INTERNAL, createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  SalesOrder: {
    id: PUBLIC, fieldAccess: PUBLIC, orderNo: INTERNAL, customerId: INTERNAL, customer: INTERNAL, contactId: INTERNAL,
    contact: INTERNAL, owner: INTERNAL, orderDate: INTERNAL, amount: INTERNAL, currency: INTERNAL, status: INTERNAL,
    invoiced: INTERNAL, receivedAmount: INTERNAL, dueDate: INTERNAL, receivedDate: INTERNAL, reminderDate: INTERNAL,
    notes: INTERNAL, lines: INTERNAL, createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  SalesOrderLine: {
    id: PUBLIC, fieldAccess: PUBLIC, orderId: INTERNAL, lineNo: INTERNAL, product: INTERNAL, model: INTERNAL, quantity: INTERNAL,
    unit: INTERNAL, unitPrice: INTERNAL, costPrice: CONFIDENTIAL, discount: CONFIDENTIAL, amount: INTERNAL,
  },
  CustomerRelation: {
    id: PUBLIC, fromCustomerId: INTERNAL, toCustomerId: INTERNAL, relationTypeId: INTERNAL, relationType: INTERNAL,
    fromCustomer: INTERNAL, toCustomer: INTERNAL, note: INTERNAL, createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  RelationType: {
    id: PUBLIC, name: PUBLIC, inverseName: PUBLIC, description: PUBLIC, createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  User: {
    id: PUBLIC, fieldAccess: PUBLIC, username: PUBLIC, displayName: PUBLIC, department: INTERNAL, departmentId: INTERNAL, roles: INTERNAL,
    clearance: INTERNAL, mustChangePassword: INTERNAL, lockedUntil: INTERNAL, active: INTERNAL, lastLoginAt: INTERNAL,
    email: INTERNAL, phone: INTERNAL, createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  Department: {
    id: PUBLIC, code: PUBLIC, name: PUBLIC, parentId: PUBLIC, headUserId: INTERNAL,
    createdAt: INTERNAL, updatedAt: INTERNAL, version: INTERNAL,
  },
  Role: { id: PUBLIC, name: PUBLIC, labelZh: PUBLIC, labelEn: PUBLIC, scope: INTERNAL },
  ArchiveEntry: { id: PUBLIC, code: PUBLIC, name: PUBLIC, archiveLevel: PUBLIC, custodian: INTERNAL },
  FieldPolicy: { typeName: INTERNAL, field: INTERNAL, defaultLevel: INTERNAL, level: INTERNAL, overridden: INTERNAL },
  AuditEvent: {
    seq: INTERNAL, at: INTERNAL, actorUserId: INTERNAL, actorUsername: INTERNAL, actorTokenId: INTERNAL, ip: INTERNAL, userAgent: INTERNAL,
    requestId: INTERNAL, clientRequestId: INTERNAL, operation: INTERNAL, action: INTERNAL, outcome: INTERNAL, maxLevel: INTERNAL, grantId: INTERNAL,
    purpose: INTERNAL, entityType: INTERNAL, entityId: INTERNAL, fields: INTERNAL, changes: CONFIDENTIAL, detail: INTERNAL,
    prevHash: INTERNAL, hash: INTERNAL, targets: INTERNAL,
  },
  AuditTargetRef: { entityType: INTERNAL, entityId: INTERNAL, fields: INTERNAL },
  AuditExport: { filename: INTERNAL, rows: INTERNAL, csv: CONFIDENTIAL },
  AccessRequest: {
    id: PUBLIC, requester: INTERNAL, customer: INTERNAL, fields: INTERNAL, purpose: INTERNAL, reason: INTERNAL, hours: INTERNAL,
    status: INTERNAL, level: INTERNAL, createdAt: INTERNAL, decidedAt: INTERNAL, approvals: INTERNAL, grant: INTERNAL,
  },
  AccessApproval: {
    step: INTERNAL, approverRole: INTERNAL, approver: INTERNAL, decision: INTERNAL, decidedBy: INTERNAL, decidedAt: INTERNAL, comment: INTERNAL,
  },
  AccessGrant: {
    id: PUBLIC, requestId: INTERNAL, grantee: INTERNAL, customer: INTERNAL, fields: INTERNAL, purpose: INTERNAL, startsAt: INTERNAL,
    expiresAt: INTERNAL, returnedAt: INTERNAL, revokedAt: INTERNAL, status: INTERNAL, secondsLeft: INTERNAL, overdue: INTERNAL, request: INTERNAL,
  },
  AccessPurpose: { code: PUBLIC, labelZh: PUBLIC, labelEn: PUBLIC },
  Reminder: {
    kind: INTERNAL, at: INTERNAL, message: INTERNAL, requestId: INTERNAL, grantId: INTERNAL, activityId: INTERNAL, customerId: INTERNAL,
  },
  AccountChange: {
    id: PUBLIC, kind: INTERNAL, status: INTERNAL, target: INTERNAL, roleName: INTERNAL, rolesBefore: INTERNAL, rolesAfter: INTERNAL,
    scopeBefore: INTERNAL, scopeAfter: INTERNAL, voidsPassword: INTERNAL, requestedBy: INTERNAL, requestedAt: INTERNAL, decidedBy: INTERNAL,
    decidedAt: INTERNAL, comment: INTERNAL,
  },
  ArchiveLevelChange: {
    id: PUBLIC, customer: INTERNAL, levelBefore: INTERNAL, levelAfter: INTERNAL, custodianBefore: INTERNAL, custodianAfter: INTERNAL,
    reason: INTERNAL, status: INTERNAL, requestedBy: INTERNAL, requestedAt: INTERNAL, decidedBy: INTERNAL, decidedAt: INTERNAL,
    comment: INTERNAL,
  },
  ApiToken: {
    id: PUBLIC, name: INTERNAL, scope: INTERNAL, clearance: INTERNAL, expiresAt: INTERNAL, revokedAt: INTERNAL,
    lastUsedAt: INTERNAL, createdAt: INTERNAL,
  },
};

/** Types whose records belong to a customer archive: the archive level and custodian govern them. */
export const ARCHIVE_TYPES: readonly string[] = ['Customer', 'Contact', 'Activity', 'SalesOrder', 'SalesOrderLine'];

/** Types that relate two customer archives, with the fields naming the two ends: their data is about both. */
export const RELATION_TYPES: Readonly<Record<string, readonly [string, string]>> = {
  CustomerRelation: ['fromCustomerId', 'toCustomerId'],
};

/** Fields that identify an archive in the catalogue (检索工具); the archive level never raises them. */
export const IDENTITY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Customer: ['id', 'code', 'name', 'archiveLevel', 'custodian', 'fieldAccess'],
  Contact: ['id', 'fieldAccess'],
  Activity: ['id', 'fieldAccess'],
  SalesOrder: ['id', 'fieldAccess'],
  SalesOrderLine: ['id', 'fieldAccess'],
  // A relation identifies its two ends; everything else about it is data about both archives.
  CustomerRelation: ['id', 'fromCustomerId', 'toCustomerId', 'fromCustomer', 'toCustomer'],
};

/**
 * Derived values (docs/access.md "Derived values"): a value computed from others reveals them, so it
 * takes at least their level, in the same archive. `Type.field` → the coordinates it reveals.
 */
export const DERIVED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // round(quantity × unitPrice × (1 − discount)): with the line's quantity and unit price it gives the discount.
  'SalesOrderLine.amount': ['SalesOrderLine.discount'],
  // The sum of the order's line amounts (an order of one line shows that line's amount).
  'SalesOrder.amount': ['SalesOrderLine.amount'],
  'Customer.openOrderAmount': ['SalesOrder.amount', 'SalesOrder.receivedAmount', 'SalesOrder.status'],
  'Customer.lastActivityAt': ['Activity.occurredAt'],
  'Customer.primaryContact': ['Contact.isPrimary'],
};

/**
 * Wrapper types that carry no data of their own (connections, edges, page info, payloads); their
 * fields are PUBLIC and what they wrap is classified on its own type.
 */
export function isStructuralType(typeName: string): boolean {
  return /(Connection|Edge|Payload|Result|Info|Access|Stats|Row|Bucket|Integrity)$/.test(typeName)
    || ['Query', 'Mutation', 'Subscription'].includes(typeName);
}

/** Default level of a field, or undefined when the catalogue does not know it. */
export function defaultFieldLevel(typeName: string, field: string): Level | undefined {
  return FIELD_CATALOGUE[typeName]?.[field];
}
