/**
 * A browser for the checks that open the learner's page, driven by playwright-core: CHROMIUM if it names
 * one, else the first of Chromium, Chrome and Edge where this system installs them. None is downloaded.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where Chromium, Chrome and Edge are installed on this system, in that order. */
export function browserPaths(platform = process.platform, env = process.env): string[] {
  if (platform === "win32") {
    const roots = [env.LOCALAPPDATA, env.ProgramFiles, env["ProgramFiles(x86)"]].filter((root): root is string => Boolean(root));
    return [
      ...roots.map((root) => join(root, "Chromium", "Application", "chrome.exe")),
      ...roots.map((root) => join(root, "Google", "Chrome", "Application", "chrome.exe")),
      ...roots.map((root) => join(root, "Microsoft", "Edge", "Application", "msedge.exe")), // every Windows 10 and 11 has Edge
    ];
  }
  if (platform === "darwin") {
    return ["Chromium", "Google Chrome", "Microsoft Edge"].map((app) => `/Applications/${app}.app/Contents/MacOS/${app}`);
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/microsoft-edge"];
}

/** The browser, launched headless; undefined when there is none, or it will not start. */
export async function launchBrowser() {
  const path = [process.env.CHROMIUM, ...browserPaths()].find((file) => file && existsSync(file));
  if (path === undefined) return undefined;
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: path }).catch(() => undefined);
}
