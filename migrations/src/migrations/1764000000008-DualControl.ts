import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col } from '../columns';

const fk = (columnNames: string[], referencedTableName: string): TableForeignKey =>
  new TableForeignKey({ columnNames, referencedTableName, referencedColumnNames: ['id'] });

const decision = () => [col.enumStr('status', 'PENDING', 16), col.ref('requested_by'), col.time('requested_at', false),
  col.ref('decided_by', true), col.time('decided_at'), col.str('comment', 1000)];

/**
 * Dual control (docs/access.md, "Separation of duties and administration"): account changes the
 * administrator files and the security officer approves, and archive declassifications a second
 * archive administrator approves. Nothing here is applied until its approval.
 */
export class DualControl1764000000008 implements MigrationInterface {
  name = 'DualControl1764000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'account_change',
      columns: [col.id(), col.str('kind', 32, false), col.ref('target_user_id', true), col.str('target_role', 32),
        col.text('payload'), col.text('secret'), ...decision()],
      indices: [{ name: 'ix_account_change_status', columnNames: ['status', 'id'] },
        { name: 'ix_account_change_target', columnNames: ['target_user_id', 'status'] },
        { name: 'ix_account_change_requester', columnNames: ['requested_by', 'id'] }],
      foreignKeys: [fk(['target_user_id'], 'app_user'), fk(['requested_by'], 'app_user'), fk(['decided_by'], 'app_user')],
    }));
    await q.createTable(new Table({
      name: 'archive_level_change',
      columns: [col.id(), col.ref('customer_id'), col.str('level_before', 16, false), col.str('level_after', 16, false),
        col.ref('custodian_before', true), col.ref('custodian_after', true), col.str('reason', 500, false), ...decision()],
      indices: [{ name: 'ix_archive_level_change_status', columnNames: ['status', 'id'] },
        { name: 'ix_archive_level_change_customer', columnNames: ['customer_id', 'status'] }],
      foreignKeys: [fk(['customer_id'], 'customer'), fk(['custodian_after'], 'app_user'), fk(['requested_by'], 'app_user'),
        fk(['decided_by'], 'app_user')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('archive_level_change');
    await q.dropTable('account_change');
  }
}
