/**
 * Runs every lesson's end-to-end exchange on each JavaScript runtime a
 * learner may have: tsx on Node 20, Node 22, 24 and 26 with their own type
 * stripping, Deno 2 and Bun 1, each fetched from the npm registry into a cache
 * (test/fetch_runtime.ts). Prints a runtime × lesson table; exits with 1 on
 * any miss.
 *
 *   npm run test:runtimes
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fetchRuntime, PACKAGES } from "./fetch_runtime.ts";
import { ROOT, run, runtime, type Server, startServer, stopAll } from "./helpers.ts";

/** How each runtime runs a lesson file, unchanged: the command before the file. */
function runtimes(): Record<string, string[]> {
  return {
    "node 20 + tsx": [process.execPath, "--import", "tsx"],
    "node 22": [fetchRuntime(PACKAGES.node22)],
    "node 24": [fetchRuntime(PACKAGES.node24)],
    "node 26": [fetchRuntime(PACKAGES.node26)],
    "deno 2": [fetchRuntime(PACKAGES.deno), "run", "--allow-net", "--allow-read", "--allow-env", "--allow-write"], // wire.ts saves its diagram
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
    await relay.waitFor(/"Thanks": 转发 passed/);
    await interrupt(relay);
    expect(/relay closed: 2 datagrams, 2 passed, 0 dropped/.test(relay.stdout()), `relay printed ${relay.stdout()}`);
    await interrupt(udp);
  },
  async pinger() {
    const udp = await startServer("udp_server");
    const ping = await run("udp_ping", ["--port", String(udp.port), "--count", "3", "--timeout", "1"]);
    expect(ping.code === 0, `exit code ${ping.code}; stderr: ${ping.stderr}`);
    expect(/3 sent, 3 received, 0 lost, 0% loss/.test(ping.stdout), `printed ${JSON.stringify(ping.stdout)}`);
    await interrupt(udp);
  },
  async "wire.ts"() {
    const udp = await startServer("udp_server");
    const saved = join(ROOT, "test-output", `wire-runtime-${process.pid}.md`);
    const wire = await startServer("wire", ["--to", `127.0.0.1:${udp.port}`, "--save", saved]);
    const client = await run("udp_client", ["--port", String(wire.port)], "drawn\n\n");
    expect(client.stdout === "Msg>>> Response: Thanks\nMsg>>> ", `client printed ${JSON.stringify(client.stdout)}`);
    await wire.waitFor(/"Thanks" 6 B/);
    await interrupt(wire);
    expect(readFileSync(saved, "utf8").includes("C1->>S:"), "the diagram saved");
    await interrupt(udp);
  },
  async "word lookup"() {
    const words = await startServer("word_server");
    const client = await run("word_client", ["--port", String(words.port)], "network\nxyzzyq\n\n");
    expect(client.code === 0, `client exit code ${client.code}; stderr: ${client.stderr}`);
    expect(/^Word>>> network {2}n\. an interconnected system/.test(client.stdout), `client printed ${JSON.stringify(client.stdout)}`);
    expect(client.stdout.includes("Word>>> 没有找到：xyzzyq — Not found: xyzzyq\n"), "Not found: xyzzyq");
    await interrupt(words);
  },
  async "TCP vs UDP"() {
    const demo = await run("tcp_vs_udp");
    expect(demo.code === 0, `exit code ${demo.code}; stderr: ${demo.stderr}`);
    expect(/^TCP: 3 messages sent, 1 read:/m.test(demo.stdout), `printed ${JSON.stringify(demo.stdout)}`);
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
