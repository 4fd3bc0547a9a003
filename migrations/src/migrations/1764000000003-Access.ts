import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { businessRow, col } from '../columns';

const fk = (columnNames: string[], referencedTableName: string): TableForeignKey =>
  new TableForeignKey({ columnNames, referencedTableName, referencedColumnNames: ['id'] });

/** Access requests (查阅/借阅), their approval steps, the resulting time-limited grants, and the rules as data. */
export class Access1764000000003 implements MigrationInterface {
  name = 'Access1764000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'access_purpose',
      columns: [col.id(), col.str('code', 32, false), col.str('label_zh', 64, false), col.str('label_en', 64, false), col.bool('active', true)],
      uniques: [{ name: 'uq_access_purpose_code', columnNames: ['code'] }],
    }));
    await q.createTable(new Table({
      name: 'approval_rule',
      columns: [col.id(), col.str('level', 16, false), col.str('department_match', 16, false),
        { name: 'steps', type: 'varchar', length: '255', isNullable: false }, col.int('max_hours', false, 72)],
      uniques: [{ name: 'uq_approval_rule', columnNames: ['level', 'department_match'] }],
    }));
    await q.createTable(new Table({
      name: 'access_request',
      columns: [col.id(), col.ref('requester_id'), col.ref('customer_id'), col.text('fields'), col.str('purpose', 32, false),
        col.text('reason'), col.int('hours', false), col.enumStr('status', 'PENDING', 16), col.str('level', 16, false),
        col.time('decided_at'), ...businessRow()],
      indices: [{ name: 'ix_access_request_requester', columnNames: ['requester_id', 'status'] },
        { name: 'ix_access_request_customer', columnNames: ['customer_id', 'status'] }, { name: 'ix_access_request_status', columnNames: ['status', 'created_at'] }],
      foreignKeys: [fk(['requester_id'], 'app_user'), fk(['customer_id'], 'customer')],
    }));
    await q.createTable(new Table({
      name: 'access_approval',
      columns: [col.id(), col.ref('request_id'), col.int('step', false), col.str('approver_role', 32, false), col.ref('approver_user_id', true),
        col.enumStr('decision', 'PENDING', 16), col.ref('decided_by', true), col.time('decided_at'), col.text('comment')],
      indices: [{ name: 'ix_access_approval_request', columnNames: ['request_id', 'step'] },
        { name: 'ix_access_approval_pending', columnNames: ['decision', 'approver_user_id'] }],
      foreignKeys: [fk(['request_id'], 'access_request'), fk(['approver_user_id'], 'app_user')],
    }));
    await q.createTable(new Table({
      name: 'access_grant',
      columns: [col.id(), col.ref('request_id'), col.ref('grantee_id'), col.ref('customer_id'), col.text('fields'),
        col.str('purpose', 32, false), col.time('starts_at', false), col.time('expires_at', false), col.time('returned_at'),
        col.time('revoked_at'), col.ref('revoked_by', true), col.bool('expire_logged'), col.created()],
      indices: [{ name: 'ix_access_grant_grantee', columnNames: ['grantee_id', 'expires_at'] },
        { name: 'ix_access_grant_customer', columnNames: ['customer_id'] }, { name: 'ix_access_grant_expiry', columnNames: ['expire_logged', 'expires_at'] }],
      foreignKeys: [fk(['request_id'], 'access_request'), fk(['grantee_id'], 'app_user'), fk(['customer_id'], 'customer')],
    }));
    const purposes = [['CUSTOMER_SERVICE', '客户服务', 'Customer service'], ['CONTRACT_REVIEW', '合同审核', 'Contract review'],
      ['CREDIT_ASSESSMENT', '信用评估', 'Credit assessment'], ['AUDIT_INVESTIGATION', '审计调查', 'Audit investigation'], ['OTHER', '其他', 'Other']];
    for (const p of purposes) await q.query('INSERT INTO access_purpose (code, label_zh, label_en) VALUES (?, ?, ?)', p);
    const rules = [
      ['CONFIDENTIAL', 'ANY', 'DEPARTMENT_HEAD,INFO_SUPERVISOR'],
      ['CLASSIFIED', 'SAME', 'DEPARTMENT_HEAD,CUSTODIAN'],
      ['CLASSIFIED', 'OTHER', 'DEPARTMENT_HEAD,CUSTODIAN,INFO_SUPERVISOR'],
    ];
    for (const r of rules) await q.query('INSERT INTO approval_rule (level, department_match, steps, max_hours) VALUES (?, ?, ?, 72)', r);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['access_grant', 'access_approval', 'access_request', 'approval_rule', 'access_purpose']) await q.dropTable(t);
  }
}
