import { type Browser, chromium, type Page } from 'playwright-core';
import { testPassword } from './app.js';

/** The system's headless Chromium, for tests that drive the dashboard in a real browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Fills the French sign-in form with a test user's email and submits it; the caller waits for where it lands. */
export async function submitSignIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Courriel').fill(email);
  await page.getByLabel('Mot de passe').fill(testPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}
