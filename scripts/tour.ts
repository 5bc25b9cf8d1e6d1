/**
 * A guided run of every lesson, in the course's order: each server starts
 * on a free port, its client talks to it, and both sides' output is shown.
 * Nothing to type; it takes a few seconds and leaves nothing running.
 *
 * Run:  npm start   (or: npx tsx scripts/tour.ts)
 *
 * Unlike the lessons, this script uses a package, zx, to start the lessons
 * as processes the way a shell would.
 */
import net from "node:net";
import { fileURLToPath } from "node:url";
import { $, type ProcessPromise } from "zx";

$.cwd = fileURLToPath(new URL("..", import.meta.url));
$.verbose = false;
$.quiet = true;

const running = new Set<ProcessPromise>();

/** Keeps a lesson process in `running` until it ends. */
function track(child: ProcessPromise): ProcessPromise {
  running.add(child);
  const forget = () => running.delete(child);
  child.then(forget, forget);
  return child;
}

/** Prints a section title. */
function title(section: string, english: string) {
  console.log(`\n━━ ${section} — ${english}`);
}

/** Prints output lines under a label, such as "server │". */
function show(label: string, text: string) {
  for (const line of text.replace(/\n$/, "").split("\n")) console.log(`  ${label.padEnd(7)}│ ${line}`);
}

/** The command a learner would type for a lesson. */
function command(script: string, args: string[], input?: string) {
  const line = `npx tsx scripts/${script}.ts ${args.join(" ")}`.trim();
  console.log(input === undefined ? `$ ${line}` : `$ printf '${input.replace(/\n/g, "\\n")}' | ${line}`);
}

/** Starts a lesson server on a free port; resolves when it prints `listening on`. */
async function startServer(script: string, args: string[] = [], label = "server") {
  command(script, ["--port", "0", ...args]);
  const child = track($`node --import tsx scripts/${script}.ts --port 0 ${args}`);
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on [^\s]*:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.catch((err) => reject(new Error(`${script} ended before it was listening: ${err.stderr || err.message}`)));
  });
  let shown = 0;
  return {
    port,
    /** Shows what the server printed since the last call. */
    showNew() {
      show(label, output.slice(shown));
      shown = output.length;
    },
    /** Ctrl-C, then shows the rest of its output. */
    async stop() {
      await stop(child);
      if (output.length > shown) this.showNew();
    },
  };
}

/** Runs a client with lines on stdin and shows the exchange as it looks in a terminal. */
async function runClient(script: string, args: string[], lines: string[], prompt: string) {
  const input = `${lines.join("\n")}\n`;
  command(script, args, input);
  const { stdout } = await track($({ input })`node --import tsx scripts/${script}.ts ${args}`);
  // A terminal would show each typed line after its prompt: put them back.
  let next = 0;
  show("client", stdout.replaceAll(prompt, () => `${prompt}${lines[next++] ?? ""}\n`).replace(/\n+$/, ""));
}

/** Waits until the server has had the time to print its lines (its log is written in batches). */
const settle = () => new Promise((wake) => setTimeout(wake, 100));

async function udpLessons() {
  title("1.1–1.2 UDP 服务端编程 · UDP 客户端编程", "a UDP server and its client");
  const server = await startServer("udp_server");
  server.showNew();
  await runClient("udp_client", ["--port", String(server.port)], ["hello", "你好", ""], "Msg>>> ");
  await settle();
  server.showNew();
  await server.stop();

  title("1.3–1.4 UDP 通信流程与特点", "no connection: with no server, no reply comes");
  await runClient("udp_client", ["--port", String(server.port), "--timeout", "0.5"], ["anyone there?", ""], "Msg>>> ");

  console.log("\nA lossy relay between client and server drops half the datagrams, both ways; the client goes on:");
  const again = await startServer("udp_server");
  const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${again.port}`, "--loss", "0.5", "--seed", "5"], "relay");
  again.showNew();
  relay.showNew();
  await runClient("udp_client", ["--port", String(relay.port), "--timeout", "0.5"], ["one", "two", "three", "four", ""], "Msg>>> ");
  await settle();
  relay.showNew();
  again.showNew();
  await relay.stop();
  await again.stop();
}

async function wordLookup() {
  title("1.5 案例：查找单词", "word lookup over UDP");
  const server = await startServer("word_server");
  server.showNew();
  await runClient("word_client", ["--port", String(server.port)], ["network", "socket", "xyzzyq", ""], "Word>>> ");
  await settle();
  server.showNew();
  await server.stop();
}

async function tcpVersusUdp() {
  title("1.6 TCP 和 UDP 编程对比", "a TCP byte stream against UDP datagrams");
  command("tcp_vs_udp", []);
  show("output", (await $`node --import tsx scripts/tcp_vs_udp.ts`).stdout);
}

async function httpRequest() {
  title("2.3 HTTP 请求", "the request a client sends");
  const server = await startServer("http_show_request");
  server.showNew();
  const url = `http://127.0.0.1:${server.port}/hello?from=tour`;
  console.log(`$ fetch("${url}")   (what a browser does when you open the address)`);
  const response = await fetch(url, { headers: { "User-Agent": "socket-lessons tour" } });
  await response.text();
  await server.stop(); // it has printed the request and ended by itself
  show("fetch", `got ${response.status} ${response.statusText}: the server sent the request back as text`);
}

async function httpHome() {
  title("2.4–2.5 HTTP 响应 · 案例：主页访问", "the home page on the raw protocol");
  const server = await startServer("http_home");
  server.showNew();
  for (const path of ["/", "/no-such-page"]) {
    const url = `http://127.0.0.1:${server.port}${path}`;
    console.log(`$ fetch("${url}")`);
    const response = await fetch(url);
    const body = await response.text();
    const head = [
      `HTTP/1.1 ${response.status} ${response.statusText}`,
      ...[...response.headers].map(([name, value]) => `${name}: ${value}`),
    ];
    const firstLine = /<title>(.*)<\/title>/.exec(body)?.[1] ?? "";
    show("fetch", `${head.join("\n")}\n\n(${Buffer.byteLength(body)} bytes of HTML, titled "${firstLine}")`);
  }
  await settle();
  server.showNew();
  await server.stop();
}

async function httpKeepAlive() {
  title("going further: 2.2 无连接 revisited", "HTTP/1.1 keeps the connection for the next request");
  const server = await startServer("http_keep_alive");
  server.showNew();
  const requests = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /home HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  console.log(`$ printf '${requests.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}' | nc 127.0.0.1 ${server.port}`);
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1", () => socket.end(requests));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
  // Two responses came back on the one connection: show each head, and the size of its body.
  for (let rest = reply; rest.length > 0; ) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) break;
    const head = rest.toString("latin1", 0, end).replace(/\r/g, "");
    const length = Number(/^Content-Length: (\d+)$/m.exec(head)?.[1] ?? 0);
    show("nc", `${head}\n\n(${length} bytes of HTML)`);
    rest = rest.subarray(end + 4 + length);
  }
  await settle();
  server.showNew();
  await server.stop();
}

const steps: [lesson: string, run: () => Promise<void>][] = [
  ["udp_server.ts and udp_client.ts", udpLessons],
  ["word_server.ts and word_client.ts", wordLookup],
  ["tcp_vs_udp.ts", tcpVersusUdp],
  ["http_show_request.ts", httpRequest],
  ["http_home.ts", httpHome],
  ["http_keep_alive.ts", httpKeepAlive],
];

/** Ctrl-C for one lesson; resolves when it has ended. */
async function stop(child: ProcessPromise) {
  try {
    await child.kill("SIGINT");
  } catch {
    // it had ended already
  }
  await child.catch(() => {});
}

/** Stops every lesson still running. */
async function stopAll() {
  await Promise.all([...running].map(stop));
}

// Ctrl-C during the tour: stop the lessons it started, then end. (In a
// terminal the lessons get the Ctrl-C too, and end by themselves.)
let interrupted = false;
process.on("SIGINT", async () => {
  interrupted = true;
  await stopAll();
  console.log("\ntour stopped");
  process.exit(130);
});

console.log("socket-lessons: a tour of every lesson. Each runs as you would run it, on a free port.");
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
    console.error(`error: the tour failed at ${lesson}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
console.log("\nThat was every lesson. Run any of them yourself with the commands above (without --port 0 they use 127.0.0.1:8888).");
