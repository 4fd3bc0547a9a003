import type { ReactNode } from 'react';

export const metadata = { title: 'Custodian 客户信息管理系统' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>{children}</body>
    </html>
  );
}
