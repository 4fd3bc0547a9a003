export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/custodian_test';
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Custodian-demo-1';
