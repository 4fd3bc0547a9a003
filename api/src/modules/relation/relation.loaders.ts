import DataLoader from 'dataloader';
import { Context } from '../../context';
import { byIdLoader } from '../../common/nested';
import { RelationTypeEntity } from './relation.entity';

export const relationTypeById = (ctx: Context): DataLoader<string, RelationTypeEntity | null> =>
  ctx.loaders.get('relationTypeById', () => byIdLoader(ctx.ds, RelationTypeEntity));
