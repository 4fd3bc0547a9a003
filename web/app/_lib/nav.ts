import type { MessageKey } from '../_i18n/messages';

export interface NavItem {
  href: string;
  label: MessageKey;
  /** Shown only to holders of one of these roles; everyone when absent. The API still decides access. */
  roles?: string[];
}

/** The side menu: each entry only for the roles that can use it (the API still decides access). */
const BUSINESS = ['ACCOUNT_MANAGER', 'SALES_SUPERVISOR', 'SALES_ASSISTANT', 'FINANCE', 'ARCHIVIST', 'INFO_SUPERVISOR', 'GENERAL_MANAGER'];
/** Roles that can approve a step of an access request (department heads, custodians, information supervisors). */
export const APPROVER_ROLES = ['SALES_SUPERVISOR', 'ARCHIVIST', 'INFO_SUPERVISOR', 'GENERAL_MANAGER'];

export const NAV: NavItem[] = [
  { href: '/workbench', label: 'nav.workbench' },
  { href: '/customers', label: 'nav.customers' },
  { href: '/access', label: 'nav.access', roles: BUSINESS },
  { href: '/access/approvals', label: 'nav.approvals', roles: APPROVER_ROLES },
  { href: '/audit', label: 'nav.audit', roles: ['AUDITOR', 'SECURITY_OFFICER'] },
  { href: '/admin/users', label: 'nav.users', roles: ['SYSTEM_ADMIN', 'SECURITY_OFFICER'] },
  { href: '/admin/departments', label: 'nav.departments', roles: ['SYSTEM_ADMIN'] },
  { href: '/admin/roles', label: 'nav.roles', roles: ['SYSTEM_ADMIN'] },
  { href: '/admin/fields', label: 'nav.fieldLevels', roles: ['SECURITY_OFFICER'] },
  { href: '/admin/archives', label: 'nav.archives', roles: ['SECURITY_OFFICER', 'INFO_SUPERVISOR'] },
  { href: '/admin/account-changes', label: 'nav.accountChanges', roles: ['SECURITY_OFFICER'] },
];

export const navFor = (roles: string[]): NavItem[] => NAV.filter((item) => !item.roles || item.roles.some((r) => roles.includes(r)));

/** Where 申请查阅 leads: the access-request form prefilled with the customer and field. */
export const accessRequestHref = (customerId: string, field: string): string | undefined =>
  `/access/request?${new URLSearchParams({ customerId, ...(field ? { field } : {}) })}`;

/** The menu entry of `href`, and whether `roles` may open it (pages without an entry are open to everyone). */
export const navItem = (href: string): NavItem | undefined => NAV.find((item) => item.href === href);
export const pageAllowed = (href: string, roles: string[]): boolean => {
  const item = navItem(href);
  return !item?.roles || item.roles.some((r) => roles.includes(r));
};
