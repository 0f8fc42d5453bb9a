#!/usr/bin/env node
// Renders addon/icon.svg and addon/logo.svg to the store's icon.png (128×128) and logo.png (250×100)
// with a headless Chromium (playwright-core; CHROMIUM_PATH overrides /usr/bin/chromium).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const images = [
  { svg: "addon/icon.svg", png: "icon.png", width: 128, height: 128 },
  { svg: "addon/logo.svg", png: "logo.png", width: 250, height: 100 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const image of images) {
    const page = await browser.newPage({
      viewport: { width: image.width, height: image.height },
      deviceScaleFactor: 1,
    });
    const svg = readFileSync(path.join(root, image.svg), "utf8");
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({
      path: path.join(root, image.png),
      omitBackground: true,
      clip: { x: 0, y: 0, width: image.width, height: image.height },
    });
    await page.close();
    console.log(`wrote ${image.png} (${image.width}x${image.height}) from ${image.svg}`);
  }
} finally {
  await browser.close();
}
