import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Level } from '@custodian/schema';
import { ChangeStatus } from '../../common/enums';

/** A proposed declassification (lowered archive level); it applies when a second archive administrator approves it. */
@Entity('archive_level_change')
export class ArchiveLevelChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id: string;
  @Column({ type: 'bigint' }) customerId: string;
  @Column({ type: 'varchar' }) levelBefore: Level;
  @Column({ type: 'varchar' }) levelAfter: Level;
  @Column({ type: 'bigint', nullable: true }) custodianBefore: string | null;
  @Column({ type: 'bigint', nullable: true }) custodianAfter: string | null;
  @Column() reason: string;
  @Column({ type: 'varchar' }) status: ChangeStatus;
  @Column({ type: 'bigint' }) requestedBy: string;
  @Column({ type: 'datetime', precision: 3 }) requestedAt: Date;
  @Column({ type: 'bigint', nullable: true }) decidedBy: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) decidedAt: Date | null;
  @Column({ type: 'varchar', nullable: true }) comment: string | null;
}
