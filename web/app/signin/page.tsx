import { getT } from '../_i18n/server';
import { LocaleSwitch } from '../_components/LocaleSwitch';
import { SignInForm } from './SignInForm';

/** Same-origin paths only: the callback must not send a signed-in user to another site. */
const safeCallback = (value: string | undefined) => (value && value.startsWith('/') && !value.startsWith('//') ? value : '/workbench');

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const t = await getT();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 16 }}>
          <h1 style={{ fontSize: 20, margin: 0 }}>{t('app.title')}</h1>
          <LocaleSwitch />
        </div>
        <SignInForm callbackUrl={safeCallback(params.callbackUrl)} reason={params.reason} error={params.error} />
      </div>
    </main>
  );
}
