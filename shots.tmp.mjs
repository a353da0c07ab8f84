import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4400/';
const shots = JSON.parse(process.argv[2]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const { path, name, width = 1280, scheme = 'light', height = 900, full = true, actions = [] } of shots) {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
  await page.goto(base + path);
  await page.evaluate((s) => { localStorage.setItem('starlight-theme', s); document.documentElement.dataset.theme = s; }, scheme);
  for (const action of actions) {
    if (action.scroll) await page.locator(action.scroll).first().scrollIntoViewIfNeeded();
    if (action.click) await page.locator(action.click).first().click();
    if (action.wait) await page.waitForTimeout(action.wait);
  }
  await page.waitForTimeout(800);
  if (actions.some((a) => a.clipTo)) {
    const el = page.locator(actions.find((a) => a.clipTo).clipTo).first();
    await el.screenshot({ path: `/work/tmp/shots/${name}.png` });
  } else await page.screenshot({ path: `/work/tmp/shots/${name}.png`, fullPage: full });
  await page.close();
}
await browser.close();
