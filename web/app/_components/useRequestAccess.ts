'use client';
import { useRouter } from 'next/navigation';
import { accessRequestHref } from '../_lib/nav';

/** The 申请查阅 action for a customer's fields, or undefined (button disabled) while there is no request page. */
export function useRequestAccess(customerId: string | undefined): ((field: string) => void) | undefined {
  const router = useRouter();
  if (!customerId || accessRequestHref(customerId, '') === undefined) return undefined;
  return (field: string) => {
    const href = accessRequestHref(customerId, field);
    if (href) router.push(href);
  };
}
