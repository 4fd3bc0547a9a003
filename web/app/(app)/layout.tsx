import type { ReactNode } from 'react';
import { AppShell } from '../_components/AppShell';
import { currentSession } from '../_lib/server-api';

/** The signed-in frame. Each page checks the session itself, so sign-in can return to that page. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  if (!session?.user?.id || session.mustChangePassword) return <>{children}</>;
  return <AppShell user={session.user}>{children}</AppShell>;
}
