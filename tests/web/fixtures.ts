import type { AccessGrant, AccessPurpose, AccessRequest, ArchiveEntry, AuditEvent } from '../../web/app/_lib/ops-queries';
import type { Customer, FieldAccess } from '../../web/app/_lib/types';

const open = (field: string): FieldAccess => ({ field, level: 'INTERNAL', readable: true, reason: null, requestable: false });

/** An INTERNAL archive of am1 whose bank account is CLASSIFIED (custodian only) and ID number CONFIDENTIAL. */
export const customer: Customer = {
  id: '1', code: 'C000001', name: '上海恒力建设集团有限公司', archiveLevel: 'INTERNAL', version: 3,
  kind: 'ORGANIZATION', type: 'ORDINARY', status: 'SIGNED', grade: 'B', industry: '教育', region: '华东', phone: '057-08358584',
  address: '上海市中山路196号', annualRevenue: '191930000.00', bankName: '招商银行', bankAccount: null, idNumber: null,
  owner: { id: '9', displayName: '客户经理 王芳' },
  fieldAccess: [
    open('name'), open('phone'), open('address'), open('annualRevenue'), open('bankName'),
    { field: 'bankAccount', level: 'CLASSIFIED', readable: false, reason: 'CUSTODIAN_ONLY', requestable: true },
    { field: 'idNumber', level: 'CONFIDENTIAL', readable: false, reason: 'CLEARANCE', requestable: false },
  ],
};

/** The same archive classified as a whole: everything beyond its catalogue entry is closed. */
export const classified: Customer = {
  ...customer, id: '8', code: 'C000008', archiveLevel: 'CLASSIFIED', status: null, phone: null, address: null,
  fieldAccess: ['status', 'phone', 'address'].map((field) => ({ field, level: 'CLASSIFIED' as const, readable: false, reason: 'ARCHIVE_LEVEL' as const, requestable: true })),
};

/** The access (借阅), audit and administration pages' data. */
export const purposes: AccessPurpose[] = [
  { code: 'CUSTOMER_SERVICE', labelZh: '客户服务', labelEn: 'Customer service' },
  { code: 'CREDIT_CHECK', labelZh: '信用评估', labelEn: 'Credit assessment' },
];

const archive: ArchiveEntry = { id: '8', code: 'C000008', name: '杭州西湖文旅集团', archiveLevel: 'CLASSIFIED', custodian: { id: '30', username: 'archivist', displayName: '档案员 陈静' } };

/** am2 asks for C000008's bank account; the supervisor agreed, the custodian has not decided yet. */
export const pendingRequest: AccessRequest = {
  id: '5', status: 'PENDING', level: 'CLASSIFIED', fields: ['Customer.bankAccount'], purpose: 'CREDIT_CHECK', reason: '核对回款账户', hours: 24,
  createdAt: '2026-11-20T02:00:00Z', decidedAt: null, customer: archive, requester: { id: '10', username: 'am2', displayName: '客户经理 李强' }, grant: null,
  approvals: [
    { step: 1, approverRole: 'DEPARTMENT_HEAD', decision: 'APPROVED', comment: '同意，限本次核对', decidedAt: '2026-11-20T03:00:00Z', approver: null, decidedBy: { id: '20', username: 'supervisor1', displayName: '销售主管 周敏' } },
    { step: 2, approverRole: 'CUSTODIAN', decision: 'PENDING', approver: { id: '30', username: 'archivist', displayName: '档案员 陈静' } },
  ],
};

export const activeGrant: AccessGrant = {
  id: '3', status: 'ACTIVE', fields: ['Customer.bankAccount'], purpose: 'CREDIT_CHECK', startsAt: '2026-11-20T04:00:00Z', expiresAt: '2026-11-21T04:00:00Z',
  secondsLeft: 2 * 3600 + 5 * 60, overdue: false, customer: archive,
};
export const returnedGrant: AccessGrant = { ...activeGrant, id: '2', status: 'RETURNED', returnedAt: '2026-11-19T04:00:00Z', secondsLeft: 0 };

/** An update of C000001's phone by am1. */
export const updateEvent: AuditEvent = {
  seq: 42, at: '2026-11-20T05:06:07Z', action: 'UPDATE', outcome: 'SUCCESS', operation: 'UpdateCustomer', actorUserId: '9', actorUsername: 'am1',
  actorTokenId: null, entityType: 'Customer', entityId: '1', fields: ['phone', 'notes'], maxLevel: 'INTERNAL', purpose: null, grantId: null, requestId: 'req-42',
  ip: '10.0.0.7', userAgent: 'Mozilla/5.0', changes: { phone: { before: '021-11111111', after: '021-22222222' }, notes: { before: null, after: '改号' } },
  detail: null, hash: 'h42', prevHash: 'h41', targets: [{ entityType: 'Customer', entityId: '1', fields: ['phone', 'notes'] }],
};
export const readEvent: AuditEvent = {
  ...updateEvent, seq: 43, action: 'READ', operation: 'Customer', actorUserId: '10', actorUsername: 'am2', entityId: '8', fields: ['bankAccount'],
  maxLevel: 'CLASSIFIED', purpose: 'CREDIT_CHECK', grantId: '3', changes: null, hash: 'h43', prevHash: 'h42',
  targets: [{ entityType: 'Customer', entityId: '8', fields: ['bankAccount'] }],
};
