'use client';
import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRouter } from 'next/navigation';
import { storeLocale, useI18n } from '../_i18n/client';

export function LocaleSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  return (
    <Button type="text" icon={<GlobalOutlined />} data-testid="locale-switch"
      onClick={() => { storeLocale(locale === 'en' ? 'zh-CN' : 'en'); router.refresh(); }}>
      {t('locale.switchTo')}
    </Button>
  );
}
