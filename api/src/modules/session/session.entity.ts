import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in session; only the SHA-256 of its bearer token is stored. */
@Entity('session')
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'char', length: 64 }) tokenHash: string;
  @Column({ type: 'bigint' }) userId: string;
  @CreateDateColumn() createdAt: Date;
  @Column({ type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ type: 'datetime', precision: 3 }) lastSeenAt: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', nullable: true }) ip: string | null;
  @Column({ type: 'varchar', nullable: true }) userAgent: string | null;
}
