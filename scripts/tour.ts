/**
 * A guided run of every lesson, in the course's order: each server starts
 * on a free port, its client talks to it, and both sides' output is shown.
 * Nothing to type; it takes a few seconds and leaves nothing running.
 *
 * Run:  npm start   (or: npx tsx scripts/tour.ts)
 *
 * It starts the lessons with node:child_process, no shell in between, so it
 * runs the same on Linux, macOS and Windows; it stops them with the
 * checker's stopTree.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopTree, windows } from "../check/processes.ts";
import { readFlags, usageError } from "../lib/address.ts";
import { listeningAddress } from "../lib/listening.ts";
import { say, sayOnTwoLines } from "../lib/say.ts";

const { flags } = readFlags("tour.ts"); // only --help: the lessons run on free ports of their own
if (flags.host !== undefined || flags.port !== undefined) usageError(say("tour.ownPorts"));

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const running = new Set<ChildProcess>();
const logDir = mkdtempSync(join(tmpdir(), "tour-"));
process.on("exit", () => rmSync(logDir, { recursive: true, force: true }));

/** How this Node runs a lesson's .ts file: by itself where it strips types (Node 22.18 and later), else with tsx. */
const typeStripping = (process.features as { typescript?: string | false }).typescript;
const runTypeScript = typeStripping ? [] : ["--import", "tsx"];

/**
 * Starts a lesson as a process, no shell in between, and keeps it in `running` until it ends. (Under
 * `npm test`, LESSON_BUNDLES names the lessons built without their types, which start faster.)
 */
let stopping = false;
function startLesson(script: string, args: string[], stdio: ("pipe" | "ignore" | number)[]): ChildProcess {
  if (stopping) throw new Error("the tour is stopping");
  const bundle = process.env.LESSON_BUNDLES && join(process.env.LESSON_BUNDLES, `${script}.mjs`);
  const file = bundle && existsSync(bundle) ? [bundle] : [...runTypeScript, join("scripts", `${script}.ts`)];
  const child = spawn(process.execPath, [...file, ...args], { cwd: ROOT, stdio, windowsHide: true });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

/** Resolves once a child started just now has ended and all its output has been read. */
const closed = (child: ChildProcess) => new Promise((resolve) => child.on("close", resolve));

/** Prints a section title: the course's section, then what it shows in Chinese and in English. */
function title(section: string, chinese: string, english: string) {
  console.log(`\n━━ ${section} — ${chinese} — ${english}`);
}

/**
 * What every process printed, and each command, with the time it came: a
 * section shows them in the order they happened, as two terminals side by
 * side would, then starts a new list.
 */
let events: { at: number; label: string; text: string }[] = [];
function record(label: string, text: string, answer = true) {
  if (answer) readServerLogs(); // an answer comes after what the server printed before it answered
  if (text !== "") events.push({ at: performance.now(), label, text });
}

/**
 * The servers write to files, not pipes: a server prints its line before it
 * answers, so when its answer shows at the client, the line is in the file
 * already, and is read first. (Two pipes read side by side give no such order.)
 */
const serverLogs: { label: string; file: string; read: number }[] = [];
setInterval(() => readServerLogs(), 5).unref(); // and every few milliseconds, to see each line about when it came
function readServerLogs() {
  for (const log of serverLogs) {
    const text = readFileSync(log.file, "utf8").slice(log.read);
    const end = text.lastIndexOf("\n") + 1;
    log.read += end;
    if (end > 0) events.push({ at: performance.now(), label: log.label, text: text.slice(0, end) });
  }
}
function flush() {
  const ordered = [...events].sort((a, b) => a.at - b.at); // a stable sort: same time, same order
  events = [];
  for (const { label, text } of ordered) {
    if (label === "$") console.log(`$ ${text}`);
    else for (const line of text.replace(/\n$/, "").split("\n")) console.log(`  ${label.padEnd(7)}│ ${line}`);
  }
}

/** Records a process's output as it comes, line by line. */
function follow(child: ChildProcess, label: string, stream: "stdout" | "stderr" = "stdout", edit = (text: string) => text) {
  let partial = "";
  child[stream]?.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const end = text.lastIndexOf("\n") + 1;
    partial = text.slice(end);
    if (end > 0) record(label, edit(text.slice(0, end)));
  });
}

/**
 * The command a learner would type for a lesson. A client's input is piped in with printf where the shell
 * has it; in cmd and PowerShell the learner types the lines shown after each prompt.
 */
function command(script: string, args: string[], input?: string) {
  const line = `npx tsx scripts/${script}.ts ${args.join(" ")}`.trim();
  record("$", input === undefined || windows ? line : `printf '${input.replace(/\n/g, "\\n")}' | ${line}`, false);
}

/** Starts a lesson server on a free port; resolves when it prints `listening on`. */
async function startServer(script: string, args: string[] = [], label = "server") {
  command(script, ["--port", "0", ...args]);
  const file = join(logDir, `${serverLogs.length}-${script}.log`);
  const out = openSync(file, "w"); // a file, not a pipe: see readServerLogs
  const log = { label, file, read: 0 };
  serverLogs.push(log);
  const child = startLesson(script, ["--port", "0", ...args], ["ignore", out, "pipe"]);
  closeSync(out);
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString("utf8");
  });
  for (;;) {
    const address = listeningAddress(readFileSync(file, "utf8"));
    if (address) {
      readServerLogs();
      return {
        port: address.port,
        async stop() {
          await stopTree(child);
          readServerLogs();
          serverLogs.splice(serverLogs.indexOf(log), 1);
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`${script} ended before it was listening: ${errors}`);
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

/**
 * Runs a client with lines on stdin, as if typed: each line is shown after
 * the prompt it answers, at the time the client printed that prompt.
 */
async function runClient(script: string, args: string[], lines: string[], prompt: string) {
  command(script, args, lines.length > 0 ? `${lines.join("\n")}\n` : undefined);
  const child = startLesson(script, args, ["pipe", "pipe", "pipe"]);
  // Each line is typed when its prompt shows, as a learner would: so nothing the line causes (the
  // server's line about it) can come before the tour has shown what the client printed until then.
  const type = (line: string, last: boolean) => (last ? child.stdin?.end(`${line}\n`) : child.stdin?.write(`${line}\n`));
  // Each line the client prints, and each prompt with the line typed after it, as it comes.
  let pending = "";
  let next = 0;
  const boundary = (text: string) => {
    const ends = [text.indexOf("\n") + 1, text.includes(prompt) ? text.indexOf(prompt) + prompt.length : 0].filter((end) => end > 0);
    return ends.length ? Math.min(...ends) : 0;
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    for (let end = boundary(pending); end > 0; end = boundary(pending)) {
      const piece = pending.slice(0, end);
      pending = pending.slice(end);
      // A prompt, or a time limit running out, is not an answer from the server.
      const answer = !piece.endsWith(prompt) && !piece.includes("No reply from");
      if (!piece.endsWith(prompt)) record("client", piece.replace(/\n$/, ""), answer);
      else {
        const line = lines[next++] ?? "";
        record("client", `${piece}${line}`, answer);
        type(line, next >= lines.length);
      }
    }
  });
  await closed(child);
}

/** Waits until the servers' lines about what just happened have come in. */
const settle = () => new Promise((wake) => setTimeout(wake, 100));

/**
 * Asks for `urls` as curl -v does, on one connection, and shows what went
 * over the wire as it came: the request (>), the response head (<), and the
 * size of each body. Without curl on the machine, the same request goes over
 * a socket from here, shown as the printf | nc command that sends it.
 */
async function curl(urls: string[], showBody = false) {
  if (hasCurl) {
    const args = [
      "-sv",
      ...urls.flatMap((url) => (showBody ? [url] : ["-o", windows ? "NUL" : "/dev/null", url])),
      ...(showBody ? [] : ["-w", "(%{size_download} bytes of body)\\n"]), // curl reads the \\n
    ];
    record("$", curlCommand(args));
    const child = spawn("curl", args, { windowsHide: true });
    follow(child, "curl", "stderr", (text) =>
      text
        .split("\n")
        .filter((line) => /^[<>]/.test(line)) // what went over the wire; not curl's * notes
        .map((line) => line.replace(/\r$/, ""))
        .join("\n"),
    );
    follow(child, "curl");
    await closed(child);
    return;
  }
  for (const url of urls) {
    const { hostname, port, pathname, search } = new URL(url);
    const request = `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`;
    // What the learner types to send it: curl, which Windows 10 and later have as curl.exe; nc elsewhere.
    const args = ["-sv", ...(showBody ? [] : ["-o", windows ? "NUL" : "/dev/null"]), url];
    record("$", windows ? curlCommand(args) : `printf '${request.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}' | nc ${hostname} ${port}`);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => socket.end(request));
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("close", () => resolve(Buffer.concat(chunks)));
      socket.on("error", reject);
    });
    const end = reply.indexOf("\r\n\r\n");
    const head = reply.toString("latin1", 0, end).replace(/\r/g, "");
    record("nc", showBody ? reply.toString("utf8") : `${head}\n\n(${reply.length - end - 4} bytes of body)`);
  }
}
const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore", windowsHide: true }).status === 0;

/** curl's command line as the learner's shell takes it: curl.exe (PowerShell's curl is another command) and "…" in Windows. */
function curlCommand(args: string[]): string {
  const quote = (arg: string) => (/[\s()%{}?&]/.test(arg) ? (windows ? `"${arg}"` : `'${arg}'`) : arg);
  return `${windows ? "curl.exe" : "curl"} ${args.map(quote).join(" ")}`;
}

async function udpLessons() {
  title("1.1–1.2 UDP 服务端编程 · UDP 客户端编程", "一个 UDP 服务端和它的客户端", "a UDP server and its client");
  const server = await startServer("udp_server");
  await runClient("udp_client", ["--port", String(server.port)], ["hello", "你好", ""], "Msg>>> ");
  await server.stop();
  flush();

  title("1.3–1.4 UDP 通信流程与特点", "无连接：没有服务端时，就没有回复", "no connection: with no server, no reply comes");
  await runClient("udp_client", ["--port", String(server.port), "--timeout", "0.5"], ["anyone there?", ""], "Msg>>> ");
  flush();

  console.log(`\n${sayOnTwoLines("tour.relay")}`);
  const again = await startServer("udp_server");
  const relay = await startServer(
    "udp_relay",
    ["--to", `127.0.0.1:${again.port}`, "--loss", "0.5", "--seed", "5", "--delay", "30"],
    "relay",
  );
  await runClient("udp_client", ["--port", String(relay.port), "--timeout", "0.5"], ["one", "two", "three", "four", ""], "Msg>>> ");
  await relay.stop();
  flush();

  console.log(`\n${sayOnTwoLines("tour.ping")}`);
  const lossy = await startServer("udp_relay", ["--to", `127.0.0.1:${again.port}`, "--loss", "0.3", "--seed", "5"], "relay");
  await runClient("udp_ping", ["--port", String(lossy.port), "--count", "5", "--timeout", "0.5"], [], "Msg>>> "); // it reads no input
  await lossy.stop();
  flush();

  console.log(`\n${sayOnTwoLines("tour.wireUdp")}`);
  const drawing = await startServer(
    "wire",
    ["--to", `127.0.0.1:${again.port}`, "--loss", "0.3", "--seed", "5", "--save", join(logDir, "udp.md")],
    "wire",
  );
  await runClient("udp_client", ["--port", String(drawing.port), "--timeout", "0.5"], ["hello", "你好", "three", ""], "Msg>>> ");
  await settle();
  await drawing.stop();
  await again.stop();
  flush();
}

async function wordLookup() {
  title("1.5 案例：查找单词", "通过 UDP 查单词", "word lookup over UDP");
  const server = await startServer("word_server");
  await runClient("word_client", ["--port", String(server.port)], ["network", "socket", "xyzzyq", ""], "Word>>> ");
  await server.stop();
  flush();
}

async function tcpVersusUdp() {
  title("1.6 TCP 和 UDP 编程对比", "TCP 的字节流对比 UDP 的数据报", "a TCP byte stream against UDP datagrams");
  command("tcp_vs_udp", []);
  const child = startLesson("tcp_vs_udp", [], ["ignore", "pipe", "pipe"]);
  follow(child, "output");
  await closed(child);
  flush();
}

async function httpRequest() {
  title("2.3 HTTP 请求", "客户端发出的请求", "the request a client sends");
  const server = await startServer("http_show_request");
  await curl([`http://127.0.0.1:${server.port}/hello?from=tour`], true);
  await server.stop(); // it has printed the request and ended by itself
  flush();
}

async function httpHome() {
  title("2.4–2.5 HTTP 响应 · 案例：主页访问", "直接用协议提供主页", "the home page on the raw protocol");
  const server = await startServer("http_home");
  await curl([`http://127.0.0.1:${server.port}/`]);
  await curl([`http://127.0.0.1:${server.port}/no-such-page`]);
  await settle();
  flush();

  console.log(`\n${sayOnTwoLines("tour.wireTcp")}`);
  const drawing = await startServer("wire", ["--tcp", "--to", `127.0.0.1:${server.port}`, "--save", join(logDir, "tcp.md")], "wire");
  await curl([`http://127.0.0.1:${drawing.port}/`]);
  await settle();
  await drawing.stop();
  await server.stop();
  flush();
}

async function httpKeepAlive() {
  title("going further: 2.2 无连接 revisited", "进阶：HTTP/1.1 把连接留给下一个请求", "HTTP/1.1 keeps the connection for the next request");
  const server = await startServer("http_keep_alive");
  await curl([`http://127.0.0.1:${server.port}/`, `http://127.0.0.1:${server.port}/home`]);
  await settle();
  await server.stop();
  flush();
}

const steps: [lesson: string, run: () => Promise<void>][] = [
  ["udp_server.ts and udp_client.ts", udpLessons],
  ["word_server.ts and word_client.ts", wordLookup],
  ["tcp_vs_udp.ts", tcpVersusUdp],
  ["http_show_request.ts", httpRequest],
  ["http_home.ts", httpHome],
  ["http_keep_alive.ts", httpKeepAlive],
];

/** Stops every lesson still running (Ctrl-C for each; by force on Windows), and starts no other. */
async function stopAll() {
  stopping = true;
  while (running.size > 0) await Promise.all([...running].map((child) => stopTree(child)));
}

// Output into a pipe that closes (`npm start | head`): stop the lessons, and end quietly.
process.stdout.on("error", () => stopAll().then(() => process.exit(0)));

// Ctrl-C during the tour: stop the lessons it started, then end. (In a
// terminal the lessons get the Ctrl-C too, and end by themselves.)
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    interrupted = true;
    await stopAll();
    console.log(`\n${say("tour.stopped")}`);
    process.exit(130);
  });
}

console.log(sayOnTwoLines("tour.start"));
for (const [lesson, run] of steps) {
  try {
    await run();
  } catch (err) {
    // Ctrl-C in a terminal reaches the lessons too, and one may end before
    // the tour sees the Ctrl-C itself: give it a moment to arrive. Then the
    // handler above ends the tour, and this is no failure.
    await new Promise((wake) => setTimeout(wake, 300));
    if (interrupted) await new Promise(() => {});
    await stopAll();
    console.error(`error: ${say("tour.failed", lesson, err instanceof Error ? err.message : String(err))}`);
    process.exit(1);
  }
}
console.log(`\n${sayOnTwoLines("tour.end")}`);
