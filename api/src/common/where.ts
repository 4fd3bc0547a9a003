import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DateRange, DecimalRange, IntRange, TimeRange } from './inputs';

let seq = 0;
const p = (): string => `w${++seq}`;

/** Filter builders shared by every list query; values are always bound, never spliced. */
export const where = {
  eq<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, value: unknown): void {
    const k = p();
    qb.andWhere(`${column} = :${k}`, { [k]: value });
  },
  in<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, values: unknown[]): void {
    if (values.length === 0) {
      qb.andWhere('1 = 0');
      return;
    }
    const k = p();
    qb.andWhere(`${column} IN (:...${k})`, { [k]: values });
  },
  contains<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, text: string): void {
    const k = p();
    qb.andWhere(`${column} LIKE :${k}`, { [k]: `%${escapeLike(text)}%` });
  },
  range<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, r: DecimalRange | IntRange): void {
    if (r.gte !== undefined && r.gte !== null) { const k = p(); qb.andWhere(`${column} >= :${k}`, { [k]: r.gte }); }
    if (r.lte !== undefined && r.lte !== null) { const k = p(); qb.andWhere(`${column} <= :${k}`, { [k]: r.lte }); }
  },
  time<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, column: string, r: TimeRange | DateRange): void {
    if (r.from) { const k = p(); qb.andWhere(`${column} >= :${k}`, { [k]: r.from }); }
    if (r.to) { const k = p(); qb.andWhere(`${column} ${r instanceof DateRange ? '<=' : '<'} :${k}`, { [k]: r.to }); }
  },
};

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
