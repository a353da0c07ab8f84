import { expect, test } from './support/site';

test('a GPU page lists its specifications and how many GPUs each model needs', async ({ page }) => {
  await page.goto('gpus/');
  await page.getByRole('link', { name: 'NVIDIA H100 SXM' }).click();
  await expect(page.locator('h1')).toHaveText('NVIDIA H100 SXM');
  await expect(page.getByRole('row', { name: /Memory bandwidth/ })).toContainText('GB/s');
  const llama70 = page.getByRole('row', { name: /^Llama 3\.1 70B/ });
  await expect(llama70.getByRole('cell').nth(0)).toHaveText('2');
  await expect(llama70.getByRole('cell').nth(2)).toHaveText('✓ 1');
  await llama70.getByRole('link').click();
  await expect(page).toHaveURL(/model=llama-3\.1-70b&gpu=h100-sxm/);
});
