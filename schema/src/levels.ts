/** Classification levels (密级), ordered from lowest to highest. */
export enum Level {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
  CONFIDENTIAL = 'CONFIDENTIAL',
  CLASSIFIED = 'CLASSIFIED',
}

export const LEVELS: readonly Level[] = [Level.PUBLIC, Level.INTERNAL, Level.CONFIDENTIAL, Level.CLASSIFIED];

/** Chinese labels users expect to see (公开/内部/机密/绝密). */
export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  [Level.PUBLIC]: { zh: '公开', en: 'Public' },
  [Level.INTERNAL]: { zh: '内部', en: 'Internal' },
  [Level.CONFIDENTIAL]: { zh: '机密', en: 'Confidential' },
  [Level.CLASSIFIED]: { zh: '绝密', en: 'Classified' },
};

const RANK: ReadonlyMap<string, number> = new Map(LEVELS.map((l, i) => [l, i]));

/** Numeric rank of a level: higher is more sensitive (-1 for anything that is not a level). */
export function levelRank(level: Level): number {
  return RANK.get(level) ?? -1;
}

/** The higher of two levels. */
export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** Whether `level` is at or below `ceiling`. */
export function levelAtMost(level: Level, ceiling: Level): boolean {
  return levelRank(level) <= levelRank(ceiling);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}
