import { expect, test } from './support/site';

test('search finds a page by a word it contains', async ({ page }) => {
  await page.goto('');
  await page.getByRole('button', { name: /^Search/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Search' }).fill('quantization');
  await expect(dialog.locator('.pagefind-ui__result-link').first()).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Glossary', exact: true }).first()).toBeVisible();
});

test('the theme toggle switches the theme and remembers it', async ({ page }) => {
  await page.goto('start-here/');
  const select = page.getByRole('combobox', { name: 'Select theme' }).first();
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the menu opens the sidebar and its links navigate', async ({ page }) => {
    await page.goto('start-here/');
    const sidebar = page.locator('#starlight__sidebar');
    await expect(sidebar).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(sidebar).toBeVisible();
    await sidebar.getByRole('link', { name: 'Glossary' }).click();
    await expect(page).toHaveURL(/\/reference\/glossary\/$/);
    await expect(page.locator('h1')).toHaveText('Glossary');
  });
});
