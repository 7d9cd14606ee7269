// The end-to-end test of the editor: code-server (the browser VSCode of the
// teaching platform) with the kubecours extension installed, driven in
// Debian's headless Chromium by playwright-core. Called by `tests/vscode.rs`:
//
//   node e2e.mjs URL OUT_DIR
//
// URL opens the workspace (`http://127.0.0.1:PORT/?folder=…`), made by
// `kubecours init`, whose exercise 5 folder holds the seed's Deployment
// (container port 5000) and Service (`targetPort: 8080`). Steps: open
// 05-service-clusterip/service.yaml from the explorer, see the French
// diagnostic in the Problems panel, go to the `targetPort: 8080` line, open the
// quick fix menu and see the fix, apply it, see the problem gone; the status
// bar shows exercise 5, and a click on it checks the exercise. Screenshots in
// OUT_DIR.

import { chromium } from 'playwright-core';

const [url, out] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const MESSAGE = "envoie le trafic au port 8080, qu'aucun conteneur de Deployment `flask-app` ne déclare";
const FIX = 'Écrire `targetPort: 5000`';

const step = (s) => console.log(`[e2e] ${s}`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'fr-FR' });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  step(`open ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  step('workbench loaded');

  // Open 05-service-clusterip/service.yaml from the explorer.
  const folder = page.locator('.explorer-folders-view .monaco-list-row', { hasText: '05-service-clusterip' });
  await folder.first().waitFor({ timeout: 120_000 });
  await folder.first().click();
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'service.yaml' });
  await row.first().waitFor({ timeout: 120_000 });
  await row.first().click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'targetPort: 8080' }).first().waitFor();
  step('service.yaml open');

  // The Problems panel, with the French diagnostic of the language server.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+M');
  // The list shows only the rows that fit: filter it down to the Service's port.
  const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  await filter.waitFor();
  await filter.fill('port 8080');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: MESSAGE });
  await problem.first().waitFor({ timeout: 120_000 });
  const problemText = await problem.first().innerText();
  step(`problem: ${problemText.replace(/\s+/g, ' ')}`);
  if (!problemText.includes('service-target-port')) {
    throw new Error(`the problem does not name its rule: ${problemText}`);
  }
  await page.screenshot({ path: `${out}/problems.png` });

  // Cursor on `8080` (line 18), then the quick fix menu.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type('18:20');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget', { hasText: FIX });
  await fix.first().waitFor({ timeout: 60_000 });
  step(`quick fix offered: ${(await fix.first().innerText()).replace(/\s+/g, ' ')}`);
  await page.screenshot({ path: `${out}/quickfix.png` });

  // Applied: the line reads 5000 and the problem is gone.
  await page.locator('.action-widget .monaco-list-row', { hasText: FIX }).first().click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'targetPort: 5000' }).first().waitFor();
  const lines = await page.locator('.monaco-editor .view-lines').first().innerText();
  if (lines.includes('targetPort: 8080')) {
    throw new Error(`the fix was not applied:\n${lines}`);
  }
  await problem.first().waitFor({ state: 'detached', timeout: 60_000 });
  step('fixed: the problem is gone');
  await page.screenshot({ path: `${out}/fixed.png` });

  // The status bar item: the exercise of the open file; a click checks it.
  const item = page.locator('.statusbar-item', { hasText: 'Exercice 5' });
  await item.first().waitFor({ timeout: 60_000 });
  step(`status bar: ${(await item.first().innerText()).trim()}`);
  await item.first().locator('a, .statusbar-item-label').first().click();
  const note = page.locator('.notifications-toasts', { hasText: 'Exercice 5' });
  await note.first().waitFor({ timeout: 120_000 });
  step(`check: ${(await note.first().innerText()).replace(/\s+/g, ' ')}`);
  await page.screenshot({ path: `${out}/check.png` });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${out}/failure.png` }).catch(() => {});
  }
  console.error(`[e2e] FAILED: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
