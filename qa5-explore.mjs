import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const base = "http://127.0.0.1:8192/";
for (const width of [1280, 375]) {
  const ctx = await browser.newContext({ viewport: { width, height: width === 375 ? 800 : 900 }, locale: "en-US" });
  const page = await ctx.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  for (const view of process.argv.slice(2)) {
    await page.goto(base + view);
    await page.waitForTimeout(2500);
    const name = view.replace(/[^a-z0-9]+/gi, "_") || "root";
    await page.screenshot({ path: `/tmp/qa5-shots/${width}-${name}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(width, view, "overflow", overflow, problems.splice(0).join(" | "));
  }
  await ctx.close();
}
await browser.close();
