/**
 * Headless Chromium for end-to-end page tests: Debian's `chromium` (installed by .ci/run; override
 * with CHROMIUM_PATH), driven by playwright-core — never a downloaded browser build. Without the
 * background-networking flags Chromium keeps trying Google's hosts, which this closed network refuses.
 */
import { access } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  await access(CHROMIUM).catch(() => {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does, or set CHROMIUM_PATH`);
  });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
