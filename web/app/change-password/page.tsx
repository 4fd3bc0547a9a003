import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { authOptions } from '../_lib/auth';
import { signInPath } from '../_lib/server-api';
import { getT } from '../_i18n/server';
import { ChangePasswordForm } from './ChangePasswordForm';

export default async function ChangePasswordPage() {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) redirect(signInPath('/change-password'));
  const t = await getT();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1 style={{ fontSize: 20, marginTop: 0 }}>{t('app.title')}</h1>
        <ChangePasswordForm username={session.user.username} forced={session.mustChangePassword} />
      </div>
    </main>
  );
}
