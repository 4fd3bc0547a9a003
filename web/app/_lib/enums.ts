import type { MessageKey, Translate } from '../_i18n/messages';

/** Enum values of the API with their message prefix (label key = `${prefix}.${value}`). */
export const ENUMS = {
  kind: { prefix: 'kind', values: ['ORGANIZATION', 'INDIVIDUAL'] },
  type: { prefix: 'type', values: ['ORDINARY', 'SPECIAL'] },
  nature: { prefix: 'nature', values: ['STATE_OWNED', 'LISTED', 'PRIVATE', 'JOINT_VENTURE', 'GROUP', 'PUBLIC_INSTITUTION', 'OTHER'] },
  status: { prefix: 'status', values: ['PROSPECT', 'INTERESTED', 'SIGNED', 'ACTIVE', 'DORMANT', 'LOST'] },
  grade: { prefix: '', values: ['A', 'B', 'C', 'D'] },
  gender: { prefix: 'gender', values: ['MALE', 'FEMALE', 'OTHER'] },
  influence: { prefix: 'influence', values: ['HIGH', 'MEDIUM', 'LOW'] },
  activityType: { prefix: 'activity', values: ['VISIT', 'CALL', 'MEETING', 'EMAIL', 'MAILING', 'EVENT', 'SURVEY', 'GIFT', 'COMPLAINT', 'INQUIRY', 'SUGGESTION'] },
  orderStatus: { prefix: 'order', values: ['DRAFT', 'CONFIRMED', 'SHIPPED', 'INVOICED', 'PAID', 'CANCELLED'] },
} as const;
export type EnumName = keyof typeof ENUMS;

export function enumLabel(t: Translate, name: EnumName, value: string | null | undefined): string {
  if (value == null) return '';
  const { prefix } = ENUMS[name];
  return prefix ? t(`${prefix}.${value}` as MessageKey) : value;
}

export const enumOptions = (t: Translate, name: EnumName) =>
  ENUMS[name].values.map((value) => ({ value, label: enumLabel(t, name, value) }));

/** Suggestions for free-text columns; any other value may be typed. */
export const SUGGESTIONS = {
  region: ['华东', '华北', '华南', '华中', '西南', '西北', '东北'],
  industry: ['制造业', '金融', '零售', '信息技术', '建筑', '物流', '医药', '能源', '教育', '律师事务所', '广告', '保险'],
  source: ['展会', '老客户介绍', '网站', '电话营销', '招投标', '合作伙伴'],
  creditRating: ['AAA', 'AA', 'A', 'BBB', 'BB', 'B'],
  currency: ['CNY', 'USD', 'EUR', 'HKD'],
};
