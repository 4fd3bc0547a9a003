'use client';
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ReactNode } from 'react';
import { I18nProvider } from '../_i18n/client';
import type { Locale } from '../_i18n/messages';

export function Providers({ locale, children }: { locale: Locale; children: ReactNode }) {
  // For antd's pickers in the browser. dayjs' locale is process-global on the server, so server-rendered
  // text that depends on it (weekday names) passes its locale explicitly.
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ zeroRuntime: true }}>
      <App>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </App>
    </ConfigProvider>
  );
}
