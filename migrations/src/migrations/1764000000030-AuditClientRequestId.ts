import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../columns';

/**
 * audit_event.client_request_id: the x-request-id a client sent, kept apart from request_id (which
 * the server generates). Part of an event's hash when not null (docs/audit.md); older events have
 * NULL and keep their hashes.
 */
export class AuditClientRequestId1764000000030 implements MigrationInterface {
  name = 'AuditClientRequestId1764000000030';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('audit_event', new TableColumn(col.str('client_request_id', 64)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('audit_event', 'client_request_id');
  }
}
