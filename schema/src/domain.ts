/** Organisation (ORGANIZATION) or individual person (INDIVIDUAL). */
export enum CustomerKind {
  ORGANIZATION = 'ORGANIZATION',
  INDIVIDUAL = 'INDIVIDUAL',
}

/** 一般客户 / 特殊客户. */
export enum CustomerType {
  ORDINARY = 'ORDINARY',
  SPECIAL = 'SPECIAL',
}

/** 客户性质. */
export enum CustomerNature {
  STATE_OWNED = 'STATE_OWNED',
  LISTED = 'LISTED',
  PRIVATE = 'PRIVATE',
  JOINT_VENTURE = 'JOINT_VENTURE',
  GROUP = 'GROUP',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  OTHER = 'OTHER',
}

/** Lifecycle: 潜在 → 意向 → 成交 → 合作 → 沉寂 → 流失. */
export enum CustomerStatus {
  PROSPECT = 'PROSPECT',
  INTERESTED = 'INTERESTED',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  DORMANT = 'DORMANT',
  LOST = 'LOST',
}

/** 客户等级. */
export enum CustomerGrade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
  OTHER = 'OTHER',
}

/** 联系活动 types. */
export enum ActivityType {
  VISIT = 'VISIT',
  CALL = 'CALL',
  MEETING = 'MEETING',
  EMAIL = 'EMAIL',
  MAILING = 'MAILING',
  EVENT = 'EVENT',
  SURVEY = 'SURVEY',
  GIFT = 'GIFT',
  COMPLAINT = 'COMPLAINT',
  INQUIRY = 'INQUIRY',
  SUGGESTION = 'SUGGESTION',
}

/** Sales order lifecycle: draft → confirmed → shipped → invoiced → paid, or cancelled. */
export enum OrderStatus {
  DRAFT = 'DRAFT',
  CONFIRMED = 'CONFIRMED',
  SHIPPED = 'SHIPPED',
  INVOICED = 'INVOICED',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}

export const LABELS_ZH: Record<string, string> = {
  ORGANIZATION: '企业', INDIVIDUAL: '个人',
  ORDINARY: '一般客户', SPECIAL: '特殊客户',
  STATE_OWNED: '国有', LISTED: '上市', PRIVATE: '民营', JOINT_VENTURE: '合资', GROUP: '集团',
  PUBLIC_INSTITUTION: '事业单位', OTHER: '其他',
  PROSPECT: '潜在', INTERESTED: '意向', SIGNED: '成交', ACTIVE: '合作', DORMANT: '沉寂', LOST: '流失',
  VISIT: '拜访', CALL: '电话', MEETING: '会议', EMAIL: '邮件', MAILING: '资料寄送', EVENT: '市场活动',
  SURVEY: '调查', GIFT: '礼品', COMPLAINT: '投诉', INQUIRY: '咨询', SUGGESTION: '建议',
  DRAFT: '草稿', CONFIRMED: '已确认', SHIPPED: '已发货', INVOICED: '已开票', PAID: '已回款', CANCELLED: '已取消',
};
