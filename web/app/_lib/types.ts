/** Shapes of the API's GraphQL results as the web app reads them (schema/schema.graphql is the source). */

export type Level = 'PUBLIC' | 'INTERNAL' | 'CONFIDENTIAL' | 'CLASSIFIED';
export const LEVELS: Level[] = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'CLASSIFIED'];
export type FieldDenyReason = 'CLEARANCE' | 'CUSTODIAN_ONLY' | 'ARCHIVE_LEVEL';

/** The API's verdict on one field of one record; the web app renders it and never decides itself. */
export interface FieldAccess {
  field: string;
  level: Level;
  readable: boolean;
  reason?: FieldDenyReason | null;
  requestable: boolean;
}

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: {
    code?: string;
    reason?: string;
    field?: string;
    fields?: string[];
    /** Validation issues; `constraint` (class-validator's name) and `args` let the web app say them in the user's language. */
    issues?: Array<{ field: string; message: string; constraint?: string; args?: Array<string | number | boolean> }>;
    currentVersion?: number;
    level?: Level;
    count?: number;
    requestable?: boolean;
    requestId?: string;
    lockedUntil?: string;
    [key: string]: unknown;
  };
}

export interface GqlResult<T> {
  data?: T | null;
  errors?: GqlError[];
}

export interface PageInfo { endCursor: string | null; hasNextPage: boolean }
export interface Connection<T> { totalCount: number; pageInfo: PageInfo; edges: Array<{ cursor: string; node: T }> }

export interface UserRef { id: string; displayName: string; username?: string }
export interface DepartmentRef { id: string; name: string }

/** Every non-identity field may be null: either empty or withheld (then `fieldAccess` says why). */
export interface Customer {
  id: string;
  code: string;
  name: string;
  archiveLevel: Level;
  version: number | null;
  kind?: string | null;
  type?: string | null;
  nature?: string | null;
  industry?: string | null;
  region?: string | null;
  province?: string | null;
  city?: string | null;
  address?: string | null;
  phone?: string | null;
  website?: string | null;
  source?: string | null;
  status?: string | null;
  lossReason?: string | null;
  grade?: string | null;
  creditRating?: string | null;
  annualRevenue?: string | null;
  headcount?: number | null;
  legalRepresentative?: string | null;
  registeredCapital?: string | null;
  taxId?: string | null;
  bankName?: string | null;
  bankAccount?: string | null;
  financialNotes?: string | null;
  idNumber?: string | null;
  birthday?: string | null;
  gender?: string | null;
  notes?: string | null;
  owner?: UserRef | null;
  secondManager?: UserRef | null;
  department?: DepartmentRef | null;
  custodian?: UserRef | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  fieldAccess?: FieldAccess[];
}

export interface Contact {
  id: string;
  customerId?: string | null;
  name?: string | null;
  salutation?: string | null;
  department?: string | null;
  title?: string | null;
  officePhone?: string | null;
  mobile?: string | null;
  email?: string | null;
  homePhone?: string | null;
  homeAddress?: string | null;
  birthday?: string | null;
  hobbies?: string | null;
  decisionInfluence?: string | null;
  importantDates?: string | null;
  receiveEmail?: boolean | null;
  receiveSms?: boolean | null;
  isPrimary?: boolean | null;
  notes?: string | null;
  version?: number | null;
  customer?: { id: string; name: string } | null;
  fieldAccess?: FieldAccess[];
}

export interface Activity {
  id: string;
  customerId?: string | null;
  contactId?: string | null;
  type?: string | null;
  method?: string | null;
  subject?: string | null;
  content?: string | null;
  outcome?: string | null;
  occurredAt?: string | null;
  nextFollowUpAt?: string | null;
  version?: number | null;
  customer?: { id: string; name: string } | null;
  contact?: { id: string; name?: string | null } | null;
  fieldAccess?: FieldAccess[];
}

export interface SalesOrderLine {
  id?: string;
  product?: string | null;
  model?: string | null;
  quantity?: string | null;
  unit?: string | null;
  unitPrice?: string | null;
  costPrice?: string | null;
  discount?: string | null;
  amount?: string | null;
}

export interface SalesOrder {
  id: string;
  customerId?: string | null;
  contactId?: string | null;
  orderNo?: string | null;
  orderDate?: string | null;
  currency?: string | null;
  status?: string | null;
  amount?: string | null;
  receivedAmount?: string | null;
  dueDate?: string | null;
  invoiced?: boolean | null;
  notes?: string | null;
  version?: number | null;
  lines?: SalesOrderLine[] | null;
  fieldAccess?: FieldAccess[];
}

export interface SessionUser { id: string; username: string; displayName: string; roles: string[] }
