'use client';
import { DashboardOutlined, DownOutlined, KeyOutlined, LogoutOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu } from 'antd';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useT } from '../_i18n/client';
import { gql } from '../_lib/client-api';
import { navFor } from '../_lib/nav';
import type { SessionUser } from '../_lib/types';
import { LocaleSwitch } from './LocaleSwitch';

const ICONS: Record<string, ReactNode> = { '/workbench': <DashboardOutlined />, '/customers': <TeamOutlined /> };

export async function signOutEverywhere(): Promise<void> {
  await gql('mutation { logout }').catch(() => undefined);
  await signOut({ callbackUrl: '/signin?reason=signedOut' });
}

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const t = useT();
  const pathname = usePathname();
  const items = navFor(user.roles);
  // The most specific entry wins (/access/approvals over /access).
  const selected = items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200} theme="dark">
        <div style={{ color: '#fff', padding: '18px 20px', fontWeight: 600, fontSize: 16 }}>Custodian</div>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []}
          items={items.map((i) => ({ key: i.href, icon: ICONS[i.href], label: <Link href={i.href}>{t(i.label)}</Link> }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #eee' }}>
          <span style={{ fontWeight: 600 }}>{t('app.title')}</span>
          <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <LocaleSwitch />
            <Dropdown menu={{
              items: [
                { key: 'password', icon: <KeyOutlined />, label: <Link href="/change-password">{t('user.changePassword')}</Link> },
                { key: 'signout', icon: <LogoutOutlined />, label: t('user.signOut'), onClick: () => void signOutEverywhere() },
              ],
            }}>
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">{user.displayName} <DownOutlined /></Button>
            </Dropdown>
          </span>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
