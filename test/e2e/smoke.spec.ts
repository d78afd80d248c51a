// Smoke test: the production build loads at the site root without console or page errors and shows a heading.
import { test, expect } from './support.ts';

test('site root loads with an <h1> and no console errors', async ({ page }) => {
  const response = await page.goto('./');
  expect(response?.ok(), `GET ${page.url()} -> ${response?.status()}`).toBe(true);
  await expect(page.locator('h1').first()).toBeVisible();
  // Let the app settle so errors thrown after mount are caught by the console-error fixture.
  await page.waitForLoadState('networkidle');
});
