import { getServerSession } from 'next-auth';
import type { ReactNode } from 'react';
import { AppShell } from '../_components/AppShell';
import { authOptions } from '../_lib/auth';

/** The signed-in frame. Each page checks the session itself, so sign-in can return to that page. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id || session.mustChangePassword) return <>{children}</>;
  return <AppShell user={session.user}>{children}</AppShell>;
}
