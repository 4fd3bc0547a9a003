import type { MessageKey } from '../_i18n/messages';

export interface NavItem {
  href: string;
  label: MessageKey;
  /** Shown only to holders of one of these roles; everyone when absent. The API still decides access. */
  roles?: string[];
}

/**
 * The side menu. Pages of later issues plug in here when they exist, e.g.
 * `{ href: '/access', label: 'nav.access' }` (my requests and grants),
 * `{ href: '/approvals', label: 'nav.approvals', roles: [...approvers] }`,
 * `{ href: '/audit', label: 'nav.audit', roles: ['AUDITOR'] }`,
 * `{ href: '/admin/users', label: 'nav.users', roles: ['SYSTEM_ADMIN'] }`,
 * `{ href: '/security/levels', label: 'nav.levels', roles: ['SECURITY_OFFICER'] }`.
 */
export const NAV: NavItem[] = [
  { href: '/workbench', label: 'nav.workbench' },
  { href: '/customers', label: 'nav.customers' },
];

export const navFor = (roles: string[]): NavItem[] => NAV.filter((item) => !item.roles || item.roles.some((r) => roles.includes(r)));

/**
 * Where 申请查阅 leads: the access-request form prefilled with the customer and field. Undefined
 * until that page exists (issue: access requests), which renders the button disabled.
 */
export const accessRequestHref = (_customerId: string, _field: string): string | undefined => undefined;
