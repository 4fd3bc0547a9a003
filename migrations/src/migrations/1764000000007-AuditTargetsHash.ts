import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_event.targets_hash: the SHA-256 of an event's audit_target rows, part of the event's hash, so
 * the "who read customer X" index can no longer be edited without breaking the chain. Events written
 * before it keep NULL (and their hashes); an instant ADD COLUMN on MariaDB, whatever the log's size.
 */
export class AuditTargetsHash1764000000007 implements MigrationInterface {
  name = 'AuditTargetsHash1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_event ADD COLUMN targets_hash CHAR(64) NULL AFTER detail');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_event DROP COLUMN targets_hash');
  }
}
