import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RoleName, RowScope } from '@custodian/schema';
import { ChangeStatus } from '../../common/enums';

export enum AccountChangeKind {
  CREATE_USER = 'CREATE_USER',
  SET_ROLES = 'SET_ROLES',
  RESET_PASSWORD = 'RESET_PASSWORD',
  SET_ROLE_SCOPE = 'SET_ROLE_SCOPE',
}

/** What a change would do: roles for CREATE_USER and SET_ROLES, a scope for SET_ROLE_SCOPE (with the values it replaces). */
export interface AccountChangePayload {
  roles?: RoleName[];
  rolesBefore?: RoleName[];
  scope?: RowScope;
  scopeBefore?: RowScope;
  /** SET_ROLES that makes a plain account sensitive: its password (possibly known to the administrator) is voided on approval. */
  voidsPassword?: boolean;
}

const json = {
  type: 'text', nullable: true,
  transformer: { to: (v: AccountChangePayload | null) => (v ? JSON.stringify(v) : null), from: (v: string | null) => (v ? JSON.parse(v) : {}) },
} as const;

/** An account change the administrator filed; it applies only when the security officer approves it. */
@Entity('account_change')
export class AccountChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'varchar' }) kind: AccountChangeKind;
  @Column({ type: 'bigint', nullable: true }) targetUserId: string | null;
  @Column({ type: 'varchar', nullable: true }) targetRole: RoleName | null;
  @Column(json) payload: AccountChangePayload;
  /** Half A of a new password, sealed (auth/credential-halves.ts); erased when the change is decided. */
  @Column({ type: 'text', nullable: true, select: false }) secret: string | null;
  @Column({ type: 'varchar' }) status: ChangeStatus;
  @Column({ type: 'bigint' }) requestedBy: string;
  @Column({ type: 'datetime', precision: 3 }) requestedAt: Date;
  @Column({ type: 'bigint', nullable: true }) decidedBy: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) decidedAt: Date | null;
  @Column({ type: 'varchar', nullable: true }) comment: string | null;
}
