import { AntdRegistry } from '@ant-design/nextjs-registry';
import type { ReactNode } from 'react';
import { Providers } from './_components/Providers';
import { getLocale } from './_i18n/server';
import 'antd/dist/antd.css';
import './globals.css';

export const metadata = { title: 'Custodian 客户信息管理系统' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <AntdRegistry>
          <Providers locale={locale}>{children}</Providers>
        </AntdRegistry>
      </body>
    </html>
  );
}
