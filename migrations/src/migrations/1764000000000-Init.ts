import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { businessRow, col } from '../columns';

const fk = (columnNames: string[], referencedTableName: string, onDelete = 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({ columnNames, referencedTableName, referencedColumnNames: ['id'], onDelete });

/** Organisation, people, sessions and the customer archive. */
export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'department',
      columns: [col.id(), col.ref('parent_id', true), col.str('code', 64, false), col.str('name', 128, false),
        col.str('path', 512, false), col.ref('head_user_id', true), ...businessRow()],
      indices: [{ columnNames: ['path'] }, { columnNames: ['parent_id'] }],
      uniques: [{ name: 'uq_department_code', columnNames: ['code'] }],
      foreignKeys: [fk(['parent_id'], 'department')],
    }));
    await q.createTable(new Table({
      name: 'role',
      columns: [col.id(), col.str('name', 64, false), col.str('label_zh', 64, false), col.str('label_en', 64, false),
        col.enumStr('scope', 'OWN', 16), col.created(), col.updated()],
      uniques: [{ name: 'uq_role_name', columnNames: ['name'] }],
    }));
    await q.createTable(new Table({
      name: 'app_user',
      columns: [col.id(), col.str('username', 64, false), col.str('display_name', 128, false), col.str('password_hash', 255, false),
        col.ref('department_id', true), col.enumStr('clearance', 'INTERNAL', 16), col.bool('must_change_password', true),
        col.int('failed_logins', false, 0), col.time('locked_until'), col.bool('active', true), col.time('last_login_at'),
        col.str('email', 255), col.str('phone', 32), ...businessRow()],
      uniques: [{ name: 'uq_user_username', columnNames: ['username'] }],
      indices: [{ columnNames: ['department_id'] }],
      foreignKeys: [fk(['department_id'], 'department')],
    }));
    await q.createForeignKey('department', fk(['head_user_id'], 'app_user', 'SET NULL'));
    await q.createTable(new Table({
      name: 'user_role',
      columns: [{ ...col.ref('user_id'), isPrimary: true }, { ...col.ref('role_id'), isPrimary: true }],
      foreignKeys: [fk(['user_id'], 'app_user', 'CASCADE'), fk(['role_id'], 'role', 'CASCADE')],
    }));
    await q.createTable(new Table({
      name: 'session',
      columns: [col.id(), { name: 'token_hash', type: 'char', length: '64', isNullable: false }, col.ref('user_id'),
        col.created(), col.time('expires_at', false), col.time('last_seen_at', false), col.time('revoked_at'),
        col.str('ip', 64), col.str('user_agent', 255)],
      uniques: [{ name: 'uq_session_token', columnNames: ['token_hash'] }],
      indices: [{ columnNames: ['user_id'] }],
      foreignKeys: [fk(['user_id'], 'app_user', 'CASCADE')],
    }));

    await q.createTable(new Table({
      name: 'customer',
      columns: [col.id(), col.str('code', 32, false), col.str('name', 200, false), col.enumStr('kind', 'ORGANIZATION', 16),
        col.enumStr('type', 'ORDINARY', 16), col.str('nature', 32), col.str('industry', 64), col.str('region', 64),
        col.str('province', 64), col.str('city', 64), col.str('address', 255), col.str('phone', 32), col.str('website', 255),
        col.str('source', 64), col.enumStr('status', 'PROSPECT', 16), col.str('loss_reason', 255), col.str('grade', 1),
        col.str('credit_rating', 16), col.money('annual_revenue'), col.int('headcount'), col.str('legal_representative', 64),
        col.money('registered_capital'), col.str('tax_id', 32), col.str('bank_name', 128), col.str('bank_account', 64),
        col.text('financial_notes'), col.str('id_number', 32), col.date('birthday'), col.str('gender', 8),
        col.ref('owner_id', true), col.ref('second_manager_id', true), col.ref('department_id', true),
        col.enumStr('archive_level', 'INTERNAL', 16), col.ref('custodian_id', true), col.text('notes'), ...businessRow()],
      uniques: [{ name: 'uq_customer_code', columnNames: ['code'] }],
      indices: [
        { name: 'ix_customer_owner', columnNames: ['owner_id', 'id'] },
        { name: 'ix_customer_second', columnNames: ['second_manager_id'] },
        { name: 'ix_customer_department', columnNames: ['department_id', 'id'] },
        { name: 'ix_customer_status', columnNames: ['status', 'id'] },
        { name: 'ix_customer_grade', columnNames: ['grade', 'id'] },
        { name: 'ix_customer_updated', columnNames: ['updated_at', 'id'] },
        { name: 'ix_customer_created', columnNames: ['created_at', 'id'] },
        { name: 'ix_customer_name', columnNames: ['name', 'id'] },
        { name: 'ix_customer_phone', columnNames: ['phone'] },
        { name: 'ix_customer_tax', columnNames: ['tax_id'] },
      ],
      foreignKeys: [fk(['owner_id'], 'app_user'), fk(['second_manager_id'], 'app_user'), fk(['department_id'], 'department'),
        fk(['custodian_id'], 'app_user')],
    }));
    await q.createTable(new Table({
      name: 'relation_type',
      columns: [col.id(), col.str('name', 64, false), col.str('inverse_name', 64), col.str('description', 255), ...businessRow()],
      uniques: [{ name: 'uq_relation_type_name', columnNames: ['name'] }],
    }));
    await q.createTable(new Table({
      name: 'customer_relation',
      columns: [col.id(), col.ref('from_customer_id'), col.ref('to_customer_id'), col.ref('relation_type_id'), col.str('note', 255),
        ...businessRow()],
      indices: [{ columnNames: ['from_customer_id'] }, { columnNames: ['to_customer_id'] }],
      foreignKeys: [fk(['from_customer_id'], 'customer'), fk(['to_customer_id'], 'customer'), fk(['relation_type_id'], 'relation_type')],
    }));
    await q.createTable(new Table({
      name: 'contact',
      columns: [col.id(), col.ref('customer_id'), col.str('name', 64, false), col.str('salutation', 32), col.str('department', 64),
        col.str('title', 64), col.str('office_phone', 32), col.str('mobile', 32), col.str('email', 255), col.str('home_phone', 32),
        col.str('home_address', 255), col.date('birthday'), col.str('hobbies', 255), col.str('decision_influence', 16),
        col.text('important_dates'), col.bool('receive_email', true), col.bool('receive_sms', true), col.bool('is_primary'),
        col.text('notes'), ...businessRow()],
      indices: [{ name: 'ix_contact_customer', columnNames: ['customer_id', 'id'] }, { name: 'ix_contact_name', columnNames: ['name'] },
        { name: 'ix_contact_updated', columnNames: ['updated_at', 'id'] }],
      foreignKeys: [fk(['customer_id'], 'customer')],
    }));
    await q.createTable(new Table({
      name: 'activity',
      columns: [col.id(), col.ref('customer_id'), col.ref('contact_id', true), col.ref('owner_id', true), col.enumStr('type', 'CALL', 16),
        col.str('method', 64), col.str('subject', 200, false), col.text('content'), col.str('outcome', 255), col.time('occurred_at', false),
        col.time('next_follow_up_at'), col.time('reminder_at'), ...businessRow()],
      indices: [{ name: 'ix_activity_customer', columnNames: ['customer_id', 'occurred_at', 'id'] },
        { name: 'ix_activity_owner_follow', columnNames: ['owner_id', 'next_follow_up_at'] },
        { name: 'ix_activity_occurred', columnNames: ['occurred_at', 'id'] }],
      foreignKeys: [fk(['customer_id'], 'customer'), fk(['contact_id'], 'contact', 'SET NULL'), fk(['owner_id'], 'app_user')],
    }));
    await q.createTable(new Table({
      name: 'sales_order',
      columns: [col.id(), col.str('order_no', 32, false), col.ref('customer_id'), col.ref('contact_id', true), col.ref('owner_id', true),
        { name: 'order_date', type: 'date', isNullable: false }, { ...col.money('amount', false), default: 0 },
        { name: 'currency', type: 'char', length: '3', isNullable: false, default: "'CNY'" }, col.enumStr('status', 'DRAFT', 16),
        col.bool('invoiced'), { ...col.money('received_amount', false), default: 0 }, col.date('due_date'), col.date('received_date'),
        col.date('reminder_date'), col.text('notes'), ...businessRow()],
      uniques: [{ name: 'uq_sales_order_no', columnNames: ['order_no'] }],
      indices: [{ name: 'ix_order_customer', columnNames: ['customer_id', 'order_date', 'id'] },
        { name: 'ix_order_date', columnNames: ['order_date', 'id'] }, { name: 'ix_order_owner', columnNames: ['owner_id', 'id'] },
        { name: 'ix_order_status', columnNames: ['status', 'id'] }],
      foreignKeys: [fk(['customer_id'], 'customer'), fk(['contact_id'], 'contact', 'SET NULL'), fk(['owner_id'], 'app_user')],
    }));
    await q.createTable(new Table({
      name: 'sales_order_line',
      columns: [col.id(), col.ref('order_id'), col.int('line_no', false), col.str('product', 128, false), col.str('model', 128),
        col.decimal('quantity', 18, 3, false), col.str('unit', 16), col.money('unit_price', false), col.money('cost_price'),
        { ...col.decimal('discount', 5, 4, false), default: 0 }, col.money('amount', false)],
      indices: [{ name: 'ix_order_line_order', columnNames: ['order_id', 'line_no'] }],
      foreignKeys: [fk(['order_id'], 'sales_order', 'CASCADE')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sales_order_line', 'sales_order', 'activity', 'contact', 'customer_relation', 'relation_type', 'customer',
      'session', 'user_role']) {
      await q.dropTable(t);
    }
    const dept = await q.getTable('department');
    const headFk = dept?.foreignKeys.find((f) => f.columnNames[0] === 'head_user_id');
    if (headFk) await q.dropForeignKey('department', headFk);
    for (const t of ['app_user', 'role', 'department']) await q.dropTable(t);
  }
}
