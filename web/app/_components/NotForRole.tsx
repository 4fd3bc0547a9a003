'use client';
import { Result } from 'antd';
import { useT } from '../_i18n/client';
import { navItem } from '../_lib/nav';

/**
 * What a page shows to a signed-in user whose roles it is not for (opened by its address, not the
 * menu): a 403 instead of a page of refusals. Only the view: the API decides access on every call.
 */
export function NotForRole({ href }: { href: string }) {
  const t = useT();
  const item = navItem(href);
  return <Result status="403" title="403" subTitle={t('common.notForRole', { page: item ? t(item.label) : href })} data-testid="not-for-role" />;
}
