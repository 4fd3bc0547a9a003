/** The customer list's state lives in the URL, so a list can be reloaded, shared and navigated back to. */

export const SORT_FIELDS = ['CODE', 'NAME', 'STATUS', 'GRADE', 'UPDATED_AT', 'CREATED_AT'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const PAGE_SIZES = [20, 50, 100];

export interface ListState {
  q: string;
  status: string[];
  grade: string[];
  type: string[];
  industry: string[];
  region: string[];
  /** Owner ids; `me` is the signed-in user. */
  owner: string[];
  sort: SortField;
  dir: 'ASC' | 'DESC';
  after?: string;
  size: number;
}

export const DEFAULT_STATE: ListState = {
  q: '', status: [], grade: [], type: [], industry: [], region: [], owner: [], sort: 'UPDATED_AT', dir: 'DESC', size: 20,
};

type Params = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(',') : []).map((s) => s.trim()).filter(Boolean);
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) || undefined;

export function parseListState(params: Params): ListState {
  const sort = one(params.sort) as SortField | undefined;
  const size = Number(one(params.size));
  return {
    q: (one(params.q) ?? '').slice(0, 100),
    status: list(params.status),
    grade: list(params.grade),
    type: list(params.type),
    industry: list(params.industry),
    region: list(params.region),
    owner: list(params.owner),
    sort: sort && SORT_FIELDS.includes(sort) ? sort : DEFAULT_STATE.sort,
    dir: one(params.dir) === 'ASC' ? 'ASC' : one(params.dir) === 'DESC' ? 'DESC' : DEFAULT_STATE.dir,
    after: one(params.after),
    size: PAGE_SIZES.includes(size) ? size : DEFAULT_STATE.size,
  };
}

export function toQueryString(state: ListState): string {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const key of ['status', 'grade', 'type', 'industry', 'region', 'owner'] as const) {
    if (state[key].length) p.set(key, state[key].join(','));
  }
  if (state.sort !== DEFAULT_STATE.sort || state.dir !== DEFAULT_STATE.dir) {
    p.set('sort', state.sort);
    p.set('dir', state.dir);
  }
  if (state.size !== DEFAULT_STATE.size) p.set('size', String(state.size));
  if (state.after) p.set('after', state.after);
  return p.toString();
}

/** Variables of the CUSTOMERS query: filters become `where`, the sort `orderBy`, paging is keyset (`after`). */
export function toVariables(state: ListState, meId: string) {
  const where: Record<string, unknown> = {};
  if (state.q) where.search = state.q;
  if (state.status.length) where.statusIn = state.status;
  if (state.grade.length) where.gradeIn = state.grade;
  if (state.type.length) where.typeIn = state.type;
  if (state.industry.length) where.industryIn = state.industry;
  if (state.region.length) where.regionIn = state.region;
  if (state.owner.length) where.ownerIdIn = state.owner.map((o) => (o === 'me' ? meId : o));
  return {
    first: state.size,
    after: state.after ?? null,
    where,
    orderBy: { field: state.sort, direction: state.dir },
  };
}
