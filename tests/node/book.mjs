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

  // Search: French strings, accent-insensitive.
  const search = async (term) => {
    await page.goto(new URL("service.html", base).href, { waitUntil: "networkidle" });
    await page.keyboard.press("s");
    const bar = page.locator("#mdbook-searchbar");
    await bar.waitFor({ state: "visible", timeout: 5000 }).catch(() => failures.push("the search bar does not open"));
    // mdBook's searcher listens to key events: type for real.
    await bar.pressSequentially(term, { delay: 20 });
    await page.waitForFunction(() => (document.querySelector("#mdbook-searchresults-header")?.innerText ?? "") !== "", null, { timeout: 5000 }).catch(() => {});
    const count = await page.locator("#mdbook-searchresults li").count();
    const header = await page.locator("#mdbook-searchresults-header").innerText().catch(() => "");
    const placeholder = await bar.getAttribute("placeholder");
    return { count, header, placeholder, text: count ? await page.locator("#mdbook-searchresults").textContent() : "" };
  };
  const tp = await search("targetPort");
  if (tp.count === 0) failures.push("search finds nothing for targetPort");
  if (!/résultats? de recherche pour/.test(tp.header)) failures.push(`search header not in French: ${tp.header}`);
  if (!/^Rechercher/.test(tp.placeholder ?? "")) failures.push(`search placeholder not in French: ${tp.placeholder}`);
  const count = tp.count;
  const resultText = tp.text ?? "";
  const folded = {};
  for (const term of ["selecteur", "reseau"]) {
    const r = await search(term);
    folded[term] = r.count;
    if (r.count === 0) failures.push(`search finds nothing for ${term} (accents must not matter)`);
  }
  const none = await search("zzzqqqxyz");
  folded.none = none.header;
  if (!none.header.startsWith("Aucun résultat")) failures.push(`no-result message not in French: ${none.header}`);

  // The generic titles of exercise blocks appear once per block in the page
  // and never in the sidebar's list of the page's headings.
  await page.goto(new URL("service.html", base).href, { waitUntil: "networkidle" });
  const sidebarHeads = await page.locator("#mdbook-sidebar a.header-in-summary").allInnerTexts();
  if (sidebarHeads.length === 0) failures.push("no heading of service.html listed in the sidebar");
  if (sidebarHeads.some((t) => t.includes("Ce qui est vérifié"))) failures.push("« Ce qui est vérifié » listed in the sidebar");
  const perBlock = await page.locator(".kubecours-exercice").evaluateAll((blocks) =>
    blocks.map((b) => [...b.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter((h) => h.textContent.trim() === "Ce qui est vérifié").length));
  if (perBlock.some((n) => n !== 1)) failures.push(`« Ce qui est vérifié » per exercise block: ${perBlock.join(", ")}`);

  // Callout titles in French.
  await page.goto(new URL("pod.html", base).href, { waitUntil: "networkidle" });
  const titles = await page.locator(".blockquote-tag-title").allInnerTexts();
  if (titles.length === 0) failures.push("no callout in pod.html");
  for (const t of titles) {
    if (!["Remarque", "Astuce", "Important", "Attention", "Avertissement"].includes(t.trim())) failures.push(`callout title not in French: ${t}`);
  }

  // Every page at phone width: no line starts with French double punctuation,
  // diagrams readable, headings in order, alt text, skip link first in focus order.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const pages = ["index.html", "introduction.html", "pod.html", "deployment.html", "service.html", "ingress.html",
    "configmap.html", "secret.html", "namespace-stockage.html", "architecture.html", "glossaire.html", "projet-final.html"];
  const diagramsSeen = [];
  let punctuationChecked = 0;
  // What a reader sees on one page (run in the page).
  const scan = () => {
      const out = { badLines: [], headings: [], images: [] };
      const main = document.querySelector("main");
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement.closest("pre, code, script, style")) continue;
        const text = n.data;
        for (let i = 0; i < text.length; i++) {
          if (!"?!;:»".includes(text[i])) continue;
          out.checked = (out.checked || 0) + 1;
          range.setStart(n, i); range.setEnd(n, i + 1);
          const r = range.getClientRects()[0];
          if (!r || r.width === 0) continue;
          // The character starts a line when nothing of the same line is on its left.
          let j = i - 1;
          while (j >= 0 && /\s/.test(text[j]) && text[j] !== "\u202f" && text[j] !== "\u00a0") j--;
          let startsLine;
          if (j >= 0) {
            range.setStart(n, j); range.setEnd(n, j + 1);
            const q = range.getClientRects()[0];
            startsLine = q && q.top < r.top - r.height / 2;
          } else {
            // First character of its text node: compare with what precedes it in its block.
            const block = n.parentElement.closest("p, li, td, th, h1, h2, h3, h4, h5, h6, dd, dt, summary, blockquote, div") || n.parentElement;
            const before = document.createRange();
            before.setStart(block, 0); before.setEnd(n, i);
            const rects = [...before.getClientRects()].filter((q) => q.width > 0);
            const q = rects[rects.length - 1];
            startsLine = !!q && q.top < r.top - r.height / 2;
          }
          if (startsLine) out.badLines.push(text.slice(Math.max(0, i - 20), i + 10));
        }
      }
      for (const h of main.querySelectorAll("h1, h2, h3, h4, h5, h6")) out.headings.push(Number(h.tagName[1]));
      for (const img of main.querySelectorAll("img")) {
        const link = img.closest("a");
        out.images.push({
          src: img.getAttribute("src"),
          alt: img.getAttribute("alt") ?? "",
          width: img.getBoundingClientRect().width,
          natural: img.naturalWidth,
          opensFull: !!link && link.getAttribute("href") === img.getAttribute("src"),
        });
      }
      const skip = document.querySelector("a.kubecours-sauter");
      out.skip = skip ? { text: skip.textContent, href: skip.getAttribute("href"), target: !!document.getElementById((skip.getAttribute("href") || "#").slice(1)) } : null;
      out.lang = document.documentElement.lang;
      return out;
    };
  // The line measurement finds a line that starts with `?` when there is one.
  await phone.setContent('<main><h1>x</h1><p style="width:5ch;font:16px monospace">aaaaa ? bbbbb ! ccccc ;</p></main>');
  if ((await phone.evaluate(scan)).badLines.length === 0) failures.push("the line measurement misses a line starting with ?");
  for (const p of pages) {
    await phone.goto(new URL(p, base).href, { waitUntil: "networkidle" });
    const res = await phone.evaluate(scan);
    punctuationChecked += res.checked || 0;
    for (const l of res.badLines) failures.push(`${p}: a line starts with punctuation at 390 px: «${l}»`);
    let prev = 0;
    for (const level of res.headings) {
      if (prev === 0 && level !== 1) failures.push(`${p}: the first heading is h${level}, not h1`);
      if (prev && level > prev + 1) failures.push(`${p}: heading h${level} right after h${prev}`);
      prev = level;
    }
    if (res.headings.filter((l) => l === 1).length !== 1) failures.push(`${p}: ${res.headings.filter((l) => l === 1).length} h1`);
    for (const img of res.images) {
      if (img.alt.trim().length < 20) failures.push(`${p}: image ${img.src} without a real alt text`);
      diagramsSeen.push(img.src);
      if (!img.opensFull) {
        // Text at least 11 px: the SVG's smallest font size scaled to the displayed width.
        const min = await phone.evaluate(async (src) => {
          const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), "image/svg+xml");
          const vb = (svg.documentElement.getAttribute("viewBox") || "").split(/[ ,]+/).map(Number);
          const sizes = [...svg.querySelectorAll("[font-size]")].map((e) => parseFloat(e.getAttribute("font-size")));
          return { w: vb[2] || parseFloat(svg.documentElement.getAttribute("width")), size: Math.min(...sizes, 16) };
        }, new URL(img.src, new URL(p, base)).href);
        const px = (min.size * img.width) / min.w;
        if (px < 11) failures.push(`${p}: diagram ${img.src} text ${px.toFixed(1)} px at 390 px and it does not open full size`);
      }
    }
    if (res.lang !== "fr") failures.push(`${p}: <html lang="${res.lang}">`);
    if (!res.skip || !res.skip.target) failures.push(`${p}: no skip link to the content`);
  }
  if (diagramsSeen.length < 3) failures.push(`only ${diagramsSeen.length} diagrams seen`);

  // Keyboard: the first Tab lands on the skip link, Enter moves to the content.
  await phone.goto(new URL("pod.html", base).href, { waitUntil: "networkidle" });
  await phone.keyboard.press("Tab");
  const focused = await phone.evaluate(() => document.activeElement?.className ?? "");
  if (!focused.includes("kubecours-sauter")) failures.push(`first Tab focuses ${focused || "nothing"}, not the skip link`);
  await phone.close();

  // Nothing leaves the local server.
  const outside = requests.filter((u) => {
    const { protocol, hostname } = new URL(u);
    return !(protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1");
  });
  if (outside.length) failures.push(`requests left 127.0.0.1: ${outside.join(", ")}`);
  if (consoleErrors.length) failures.push(`console errors: ${consoleErrors.join(" | ")}`);

  console.log(JSON.stringify({ requests: requests.length, searchResults: count, folded, titles, punctuationChecked, diagramsSeen, resultText: resultText.slice(0, 200), failures }, null, 2));
} finally {
  await browser.close();
}
process.exit(failures.length ? 1 : 0);
