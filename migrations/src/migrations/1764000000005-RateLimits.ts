import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Rate limits shared by every API process (DESIGN §7): request counts per key (bearer credential or
 * client IP) and fixed window, which each process adds its own counts to a few times a second.
 */
export class RateLimits1764000000005 implements MigrationInterface {
  name = 'RateLimits1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'rate_counter',
      columns: [
        { name: 'k', type: 'varchar', length: '160', isPrimary: true },
        { name: 'window_start', type: 'bigint', isPrimary: true, comment: 'window start, ms since the epoch' },
        { name: 'n', type: 'int', unsigned: true, default: 0 },
      ],
      indices: [new TableIndex({ name: 'ix_rate_counter_window', columnNames: ['window_start'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_counter');
  }
}
