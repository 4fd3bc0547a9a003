import { Level, RoleName, RowScope } from '@custodian/schema';

/** Who is acting: a signed-in user or an API token (which acts for its creator, within its own limits). */
export interface Actor {
  kind: 'USER' | 'TOKEN';
  userId: string;
  username: string;
  sessionId: string | null;
  tokenId: string | null;
  roles: RoleName[];
  /** For an API token: its creator's roles — the token never holds a permission they lack. */
  creatorRoles?: RoleName[];
  scope: RowScope;
  clearance: Level;
  departmentId: string | null;
  /** Materialised path of the actor's department (`/1/2/`), for subtree scope. */
  departmentPath: string | null;
  mustChangePassword: boolean;
  /** Whether the actor keeps any archive as custodian (保管人). */
  isCustodian: boolean;
  /** Whether the actor holds an open access grant (借阅); then the grants are loaded for the request. */
  hasGrants: boolean;
  /** Customers opened to the actor by open grants (row scope step 1). */
  grantCustomerIds: string[];
  /** The same per record type: a field grant opens only the child records of the types it names. */
  grantRecords?: Readonly<Record<string, readonly string[]>>;
}
