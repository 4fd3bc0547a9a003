import DataLoader from 'dataloader';
import { Context } from '../../context';
import { CustomerEntity } from '../customer/customer.entity';
import { ArchiveEntry } from './security.types';

/** Finding-aid entries (identity only) by customer id. */
export const archiveEntryById = (ctx: Context): DataLoader<string, ArchiveEntry | null> =>
  ctx.loaders.get('archiveEntryById', () => new DataLoader(async (ids) => {
    const rows = await ctx.ds.getRepository(CustomerEntity).createQueryBuilder('c')
      .select(['c.id', 'c.code', 'c.name', 'c.archiveLevel', 'c.custodianId']).where('c.id IN (:...ids)', { ids: [...ids] }).getMany();
    const map = new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, name: c.name, archiveLevel: c.archiveLevel, custodianId: c.custodianId }]));
    return ids.map((id) => map.get(id) ?? null);
  }));
