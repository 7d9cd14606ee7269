// Opens the built course in headless Chromium and checks what a reader sees.
// Usage: node book.mjs BASE_URL SCREENSHOT.png
// Prints a JSON report; exits 1 with the reasons when a check fails.
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const failures = [];
const requests = [];
const consoleErrors = [];

const browser = await chromium.launch({
  executablePath,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  await page.goto(new URL("service.html", base).href, { waitUntil: "networkidle" });

  // The exercise block of the Service chapter.
  const exercise = page.locator(".kubecours-exercice").first();
  if (!(await exercise.isVisible())) failures.push("no visible exercise block in service.html");
  const exerciseText = (await exercise.textContent()) ?? "";
  if (!exerciseText.includes("kubecours check 5")) failures.push("the exercise block does not show `kubecours check 5`");
  const hints = await page.locator(".kubecours-exercice details.kubecours-indice").count();
  if (hints < 2) failures.push(`expected collapsible hints, found ${hints}`);

  // The ports diagram, loaded and drawn.
  const diagram = page.locator('img[src$="ports.svg"]').first();
  const drawn = await diagram.evaluate((img) => img.complete && img.naturalWidth > 0).catch(() => false);
  if (!drawn) failures.push("the ports diagram (images/ports.svg) is not displayed");
  await diagram.scrollIntoViewIfNeeded().catch(() => {});
  await page.screenshot({ path: screenshot, fullPage: false });

  // Search finds "targetPort".
  await page.keyboard.press("s");
  const bar = page.locator("#mdbook-searchbar");
  await bar.waitFor({ state: "visible", timeout: 5000 }).catch(() => failures.push("the search bar does not open"));
  // mdBook's searcher listens to key events: type for real.
  await bar.pressSequentially("targetPort", { delay: 20 });
  const results = page.locator("#mdbook-searchresults li");
  await results.first().waitFor({ timeout: 5000 }).catch(() => {});
  const count = await results.count();
  if (count === 0) failures.push("search finds nothing for targetPort");
  const resultText = count ? await page.locator("#mdbook-searchresults").textContent() : "";

  // Nothing leaves the local server.
  const outside = requests.filter((u) => {
    const { protocol, hostname } = new URL(u);
    return !(protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1");
  });
  if (outside.length) failures.push(`requests left 127.0.0.1: ${outside.join(", ")}`);
  if (consoleErrors.length) failures.push(`console errors: ${consoleErrors.join(" | ")}`);

  console.log(JSON.stringify({ requests: requests.length, searchResults: count, resultText: resultText.slice(0, 200), failures }, null, 2));
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
