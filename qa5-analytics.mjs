import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
const problems = [];
page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
await page.goto("http://127.0.0.1:8192/#/analytics");
for (const sql of ["DROP TABLE x", "SELECT domain, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC", ""]) {
  await page.locator("textarea").fill(sql);
  const button = page.getByRole("button", { name: "Run query" });
  console.log("enabled", await button.isEnabled());
  if (await button.isEnabled()) await button.click();
  await page.waitForTimeout(4000);
  console.log(JSON.stringify(sql), "=>", (await page.locator("hp-analytics-result [data-state]").first().textContent()).replace(/\s+/g, " ").slice(0, 300));
}
await page.screenshot({ path: "/tmp/qa5-shots/375-analytics-run.png", fullPage: true });
console.log("console errors:", problems);
await browser.close();
