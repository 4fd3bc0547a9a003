import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit JSON columns as MEDIUMTEXT (16 MB) instead of TEXT (64 KB): a change to long texts or an
 * order with many lines keeps its full before/after instead of a truncation marker. Existing rows
 * keep their text (and so their hashes).
 */
export class AuditWideText1764000000006 implements MigrationInterface {
  name = 'AuditWideText1764000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_event MODIFY fields MEDIUMTEXT NULL, MODIFY changes MEDIUMTEXT NULL, MODIFY detail MEDIUMTEXT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_event MODIFY fields TEXT NULL, MODIFY changes TEXT NULL, MODIFY detail TEXT NULL');
  }
}
