import dayjs, { Dayjs } from 'dayjs';
import { ENUMS } from './enums';

export const STATUSES = ENUMS.status.values as readonly string[];
export const GRADES = ENUMS.grade.values as readonly string[];
/** Customers per status (rows) and grade (columns); `withheld` counts rows whose status or grade the API withheld. */
export interface StatusGradeMatrix { counts: Record<string, Record<string, number>>; withheld: number; total: number }

export function emptyMatrix(): StatusGradeMatrix {
  return { counts: Object.fromEntries(STATUSES.map((s) => [s, Object.fromEntries(GRADES.map((g) => [g, 0]))])), withheld: 0, total: 0 };
}

export function aggregate(rows: Array<{ status?: string | null; grade?: string | null }>): StatusGradeMatrix {
  const m = emptyMatrix();
  for (const r of rows) {
    m.total++;
    if (r.status && r.grade && m.counts[r.status]?.[r.grade] !== undefined) m.counts[r.status][r.grade]++;
    else m.withheld++;
  }
  return m;
}

/** Monday 00:00 to next Monday 00:00, local time. */
export function thisWeek(now: Dayjs = dayjs()): { start: Dayjs; end: Dayjs } {
  const start = now.startOf('day').subtract((now.day() + 6) % 7, 'day');
  return { start, end: start.add(7, 'day') };
}

/** The date in this week on which a birthday (YYYY-MM-DD, any year) falls, or undefined. */
export function birthdayThisWeek(birthday: string | null | undefined, now: Dayjs = dayjs()): Dayjs | undefined {
  if (!birthday) return undefined;
  const md = birthday.slice(5, 10);
  const { start } = thisWeek(now);
  for (let i = 0; i < 7; i++) {
    const d = start.add(i, 'day');
    if (d.format('MM-DD') === md) return d;
  }
  return undefined;
}

/** One aliased totalCount per status × grade: the fallback when there are too many customers to page through. */
export function matrixQuery(): string {
  const parts = STATUSES.flatMap((s) => GRADES.map((g) =>
    `${s}_${g}: customers(first: 1, where: { ownerIdIn: $me, statusIn: [${s}], gradeIn: [${g}] }) { totalCount }`));
  return `query StatusGrade($me: [ID!]) { all: customers(first: 1, where: { ownerIdIn: $me }) { totalCount } ${parts.join(' ')} }`;
}

export function matrixFromTotals(data: Record<string, { totalCount: number }>): StatusGradeMatrix {
  const m = emptyMatrix();
  let counted = 0;
  for (const s of STATUSES) for (const g of GRADES) {
    const n = data[`${s}_${g}`]?.totalCount ?? 0;
    m.counts[s][g] = n;
    counted += n;
  }
  m.total = data.all?.totalCount ?? counted;
  m.withheld = Math.max(0, m.total - counted);
  return m;
}
