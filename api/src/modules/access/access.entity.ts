import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Level } from '@custodian/schema';

export type RequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type ApproverRole = 'DEPARTMENT_HEAD' | 'CUSTODIAN' | 'INFO_SUPERVISOR';
export type Decision = 'PENDING' | 'APPROVED' | 'REJECTED' | 'SKIPPED';

const json = { type: 'text', nullable: true, transformer: { to: (v: string[] | null) => (v ? JSON.stringify(v) : null), from: (v: string | null) => (v ? JSON.parse(v) : []) } } as const;

@Entity('access_request')
export class AccessRequestEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'bigint' }) requesterId: string;
  @Column({ type: 'bigint' }) customerId: string;
  /** `Type.field` coordinates; empty: the whole archive. */
  @Column(json) fields: string[];
  @Column() purpose: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column() hours: number;
  @Column({ type: 'varchar' }) status: RequestStatus;
  @Column({ type: 'varchar' }) level: Level;
  @Column({ type: 'datetime', precision: 3, nullable: true }) decidedAt: Date | null;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) deletedAt: Date | null;
  @VersionColumn() version: number;
}

@Entity('access_approval')
export class AccessApprovalEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'bigint' }) requestId: string;
  @Column() step: number;
  @Column({ type: 'varchar' }) approverRole: ApproverRole;
  @Column({ type: 'bigint', nullable: true }) approverUserId: string | null;
  @Column({ type: 'varchar' }) decision: Decision;
  @Column({ type: 'bigint', nullable: true }) decidedBy: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) decidedAt: Date | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
}

@Entity('access_grant')
export class AccessGrantEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'bigint' }) requestId: string;
  @Column({ type: 'bigint' }) granteeId: string;
  @Column({ type: 'bigint' }) customerId: string;
  @Column(json) fields: string[];
  @Column() purpose: string;
  @Column({ type: 'datetime', precision: 3 }) startsAt: Date;
  @Column({ type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) returnedAt: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) revokedAt: Date | null;
  @Column({ type: 'bigint', nullable: true }) revokedBy: string | null;
  @Column() expireLogged: boolean;
  @CreateDateColumn() createdAt: Date;
}
