import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

const GENESIS = '0'.repeat(64);

/** Business tables the application account reads and writes. */
export const BUSINESS_TABLES = [
  'department', 'role', 'app_user', 'user_role', 'session', 'customer', 'relation_type', 'customer_relation', 'contact',
  'activity', 'sales_order', 'sales_order_line', 'api_token', 'field_policy', 'policy_version',
  'access_purpose', 'approval_rule', 'access_request', 'access_approval', 'access_grant', 'rate_counter',
  'account_change', 'archive_level_change',
];

/**
 * The append-only, hash-chained audit log. audit_head is the chain head: one row, locked by every
 * append, so concurrent requests and several API processes extend one chain.
 */
export class Audit1764000000002 implements MigrationInterface {
  name = 'Audit1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'audit_event',
      columns: [
        { name: 'seq', type: 'bigint', isPrimary: true, unsigned: true },
        col.time('at', false), col.ref('actor_user_id', true), col.str('actor_username', 64), col.ref('actor_token_id', true),
        col.str('ip', 64), col.str('user_agent', 255), col.str('request_id', 64), col.str('operation', 128),
        col.str('action', 32, false), col.str('outcome', 16, false), col.str('max_level', 16), col.ref('grant_id', true),
        col.str('purpose', 255), col.str('entity_type', 64), col.str('entity_id', 64), col.text('fields'), col.text('changes'),
        col.text('detail'),
        { name: 'prev_hash', type: 'char', length: '64', isNullable: false }, { name: 'hash', type: 'char', length: '64', isNullable: false },
      ],
      indices: [
        { name: 'ix_audit_at', columnNames: ['at', 'seq'] }, { name: 'ix_audit_actor', columnNames: ['actor_user_id', 'seq'] },
        { name: 'ix_audit_action', columnNames: ['action', 'seq'] }, { name: 'ix_audit_outcome', columnNames: ['outcome', 'seq'] },
        { name: 'ix_audit_level', columnNames: ['max_level', 'seq'] }, { name: 'ix_audit_grant', columnNames: ['grant_id'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'audit_target',
      columns: [col.id(), { name: 'seq', type: 'bigint', unsigned: true, isNullable: false }, col.str('entity_type', 64, false),
        col.str('entity_id', 64, false), col.text('fields')],
      indices: [{ name: 'ix_audit_target_entity', columnNames: ['entity_type', 'entity_id', 'seq'] }, { name: 'ix_audit_target_seq', columnNames: ['seq'] }],
    }));
    await q.createTable(new Table({
      name: 'audit_head',
      columns: [{ name: 'id', type: 'int', isPrimary: true }, { name: 'seq', type: 'bigint', unsigned: true, isNullable: false, default: 0 },
        { name: 'hash', type: 'char', length: '64', isNullable: false }],
    }));
    await q.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ?)', [GENESIS]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_head');
    await q.dropTable('audit_target');
    await q.dropTable('audit_event');
  }
}
