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
