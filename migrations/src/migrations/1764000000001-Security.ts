import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { col } from '../columns';

/** API tokens, run-time field classification overrides and the policy version they bump. */
export class Security1764000000001 implements MigrationInterface {
  name = 'Security1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'api_token',
      columns: [col.id(), col.str('name', 128, false), { name: 'token_hash', type: 'char', length: '64', isNullable: false },
        col.ref('user_id'), col.ref('role_id'), col.enumStr('scope', 'OWN', 16), col.enumStr('clearance', 'INTERNAL', 16),
        col.time('expires_at', false), col.time('revoked_at'), col.ref('revoked_by', true), col.time('last_used_at'), col.created()],
      uniques: [{ name: 'uq_api_token_hash', columnNames: ['token_hash'] }],
      indices: [{ columnNames: ['user_id'] }],
      foreignKeys: [
        new TableForeignKey({ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }),
        new TableForeignKey({ columnNames: ['role_id'], referencedTableName: 'role', referencedColumnNames: ['id'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'field_policy',
      columns: [col.id(), col.str('type_name', 64, false), col.str('field_name', 64, false), col.enumStr('level', 'INTERNAL', 16),
        col.ref('updated_by', true), col.created(), col.updated()],
      uniques: [{ name: 'uq_field_policy', columnNames: ['type_name', 'field_name'] }],
    }));
    await q.createTable(new Table({
      name: 'policy_version',
      columns: [{ name: 'id', type: 'int', isPrimary: true }, { name: 'version', type: 'bigint', isNullable: false, default: 0 }],
    }));
    await q.query('INSERT INTO policy_version (id, version) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('policy_version');
    await q.dropTable('field_policy');
    await q.dropTable('api_token');
  }
}
