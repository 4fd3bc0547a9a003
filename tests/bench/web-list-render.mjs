// First render of the customer list in headless Chromium against a running web app (issue 6):
// time from the request to the first row on screen, median of 7, per user.
//   DATABASE_URL=mysql://root@127.0.0.1:3306/custodian_bench_medium API_PORT=4100 WEB_PORT=3100 node scripts/start.mjs &
//   WEB=http://127.0.0.1:3100 node tests/bench/web-list-render.mjs [user ...]
import { chromium } from 'playwright-core';
const web = process.env.WEB || 'http://127.0.0.1:3100';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const users = process.argv.slice(2).length ? process.argv.slice(2) : ['am1', 'supervisor1', 'gm'];
for (const user of users) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${web}/signin`);
  await page.fill('#username', user);
  await page.fill('#password', 'Custodian-demo-1');
  await page.click('[data-testid=signin-submit]');
  await page.waitForURL('**/workbench');
  const samples = [];
  for (let i = 0; i < 7; i++) {
    const t = Date.now();
    await page.goto(`${web}/customers`, { waitUntil: 'commit' });
    await page.locator('[data-testid=customer-link]').first().waitFor();
    const total = Date.now() - t;
    const timing = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; const f = performance.getEntriesByName('first-contentful-paint')[0]; return { ttfb: Math.round(n.responseStart), fcp: Math.round(f?.startTime ?? -1) }; });
    samples.push({ total, ...timing });
  }
  const med = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[3];
  const rows = await page.locator('[data-testid=customer-link]').count();
  console.log(user, JSON.stringify({ rows, firstRowVisibleMs: med('total'), ttfbMs: med('ttfb'), fcpMs: med('fcp'), all: samples.map((s) => s.total) }));
  await ctx.close();
}
await browser.close();
