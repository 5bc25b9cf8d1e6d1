/**
 * HTTP benchmark (course 2.5 and going further): the two HTTP lessons
 * against the floor of any Node program serving the page (bench/floor_http.ts:
 * a node:net server that writes one fixed response and parses nothing), and
 * beside a node:http server serving the same page (bench/node_http_server.ts),
 * nginx with one worker and the course's own way in Python (the solution
 * of exercise 2.5, exercises/home-page/solution.py, run by
 * bench/with_backlog.py with a longer listen queue), in one run, with wrk:
 *
 * - requests per second with keep-alive (http_keep_alive, against the floor
 *   that keeps the connection, node:http and nginx);
 * - requests per second with a new connection per request (Connection: close):
 *   http_keep_alive and http_home against the floor that closes after each
 *   response, node:http, nginx and the Python solution;
 * - the time to answer a GET on a new connection while 500 idle connections
 *   are held open, for both lessons, node:http and nginx.
 *
 * Every server but the floor logs each request, as the lessons do; each
 * writes its log to a file. The servers take turns in every round, the order
 * reversed every other round; each ratio is the median over the rounds of
 * the lesson's figure divided by the peer's in the same round.
 *
 * The figure compared is what a server does with a whole core: requests
 * divided by the CPU seconds its process used meanwhile (from /proc, with
 * nginx's worker). With two cores, wrk itself can be the limit (opening and
 * closing 20,000 connections a second fills its core), and on a shared
 * machine another program's work slows a server down without making it
 * spend more on each request; for a server that keeps its core full and has
 * it to itself, the two figures are the same. Both are printed.
 *
 * Targets, against the floor: http_keep_alive ≥ 0.9× with keep-alive and
 * ≥ 0.85× with a new connection per request; http_home ≥ 0.6× with a new
 * connection per request. Against node:http: http_keep_alive ≥ 1.2× with
 * keep-alive and ≥ 1× with a new connection per request. The GET under idle
 * connections in < 50 ms for both lessons.
 *
 * Run:  npm run bench:http   [-- --rounds 5 --seconds 2]
 * Needs wrk and nginx (Debian: apt-get install wrk nginx-light).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../test/helpers.ts";
import { type BenchResult, describe, median, met, type Peer, perCpu, ROOT, startPeer, stopPeer, whileMeasuringCpu } from "./udp.ts";

const page = join(ROOT, "index.html");

/**
 * With two or more cores, the servers run on the first and wrk on the
 * second, so that they do not take turns on one core: every server gets the
 * same conditions, and the figures vary less from run to run.
 */
const pinning = os.availableParallelism() >= 2;
function pin(side: "server" | "client"): string {
  if (!pinning) return "";
  return side === "server" ? "taskset -c 0" : "taskset -c 1";
}

/** Exits with a clear line when wrk or nginx is missing. */
export function needTools(tools = ["wrk", "nginx"]) {
  for (const tool of tools) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      console.error(`error: ${tool} is not installed (Debian: apt-get install wrk nginx-light)`);
      process.exit(1);
    }
  }
}

/**
 * nginx in the foreground with one worker, serving the repo's index.html and
 * logging each request to a file (it cannot open a socket as /dev/stdout).
 */
function nginxConfig(dir: string, port: number): string {
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 2048; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:${port};
    location = / { root ${ROOT}; try_files /index.html =404; add_header Cache-Control no-cache; }
  }
}
`,
  );
  return conf;
}

/** Starts a server that prints nothing when it is ready (nginx, the Python solution) and connects until it answers. */
async function startSilent(name: string, command: (port: number) => string, log: string): Promise<Peer> {
  const port = await freePort();
  const peer = await startPeer(name, "sh", ["-c", `echo "listening on 127.0.0.1:${port}"; exec ${command(port)}`], log);
  for (let tries = 0; ; tries++) {
    const ready = await new Promise<boolean>((resolve) => {
      // Closed at once: a blocking server (Python's) waits on this connection until it closes.
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ready) return peer;
    if (tries > 50) throw new Error(`${name} did not start listening`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** One wrk run: requests per second, and requests for each CPU second of the server's process. */
interface Run {
  rate: number;
  perCpu: number;
  busy: number;
}

async function wrk(peer: Peer, close: boolean, seconds: number): Promise<Run> {
  const args = ["-t1", "-c32", `-d${seconds}s`, ...(close ? ["-H", "Connection: close"] : []), `http://127.0.0.1:${peer.port}/`];
  const [program, ...rest] = [...pin("client").split(" ").filter(Boolean), "wrk", ...args] as [string, ...string[]];
  const { result: output, busy } = await whileMeasuringCpu(peer.process.pid ?? 0, () => execFileSync(program, rest, { encoding: "utf8" }));
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0);
  // Read errors alone are connections the server closed after a response
  // without saying Connection: close (the course's Python does): wrk counts
  // the response, then opens another connection.
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (?!connect 0, read \d+, write 0, timeout 0)(.*)/.exec(output);
  if (errors) console.log(`  (wrk against ${peer.name}: ${errors[0]})`);
  return { rate, perCpu: perCpu(rate, busy), busy };
}

/** Opens 500 idle connections, then times GETs on new connections; returns the median in ms. */
async function getUnderIdle(port: number): Promise<number> {
  const idle: net.Socket[] = [];
  await Promise.all(
    Array.from(
      { length: 500 },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = net.connect(port, "127.0.0.1", () => resolve());
          socket.on("error", reject);
          idle.push(socket);
        }),
    ),
  );
  const time = await freshGetMs(port, 20);
  for (const socket of idle) socket.destroy();
  return time;
}

/** Times `count` GETs of the home page, each on a new connection; returns the median in ms. */
export async function freshGetMs(port: number, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { Connection: "close" } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET on a fresh connection: ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

const FLOOR_KEEP = "bare Node (keep-alive)";
const FLOOR_CLOSE = "bare Node (closes)";

export async function httpBenchmark(rounds = 5, seconds = 2): Promise<BenchResult[]> {
  needTools();
  const logs = mkdtempSync(join(tmpdir(), "bench-http-"));
  const node = (name: string, args: string) =>
    startPeer(name, "sh", ["-c", `exec ${pin("server")} node --import tsx ${args}`], join(logs, `${name.replace(/\W+/g, "_")}.log`));
  const keepAlive = await node("http_keep_alive", "scripts/http_keep_alive.ts --port 0");
  const home = await node("http_home", "scripts/http_home.ts --port 0");
  const floorKeep = await node(FLOOR_KEEP, `bench/floor_http.ts --port 0 --page ${page}`);
  const floorClose = await node(FLOOR_CLOSE, `bench/floor_http.ts --port 0 --page ${page} --close`);
  const nodeHttp = await node("node:http", `bench/node_http_server.ts 0 ${page}`);
  const nginx = await startSilent(
    "nginx",
    (port) => `${pin("server")} nginx -c ${nginxConfig(logs, port)} -e stderr`,
    join(logs, "nginx.out"),
  );
  const python = await startSilent(
    "python 2.5",
    (port) => `${pin("server")} python3 bench/with_backlog.py exercises/home-page/solution.py ${port} ${page}`,
    join(logs, "python.log"),
  );
  const all = [keepAlive, home, floorKeep, floorClose, nodeHttp, nginx, python];
  /** Who is measured with keep-alive, and who with a new connection per request: the floor first. */
  const keepPeers = [floorKeep, keepAlive, nodeHttp, nginx];
  const closePeers = [floorClose, keepAlive, home, nodeHttp, nginx, python];
  const idlePeers = [keepAlive, home, nodeHttp, nginx];
  const runs = new Map<string, Run[]>();
  const idle = new Map<string, number[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  try {
    for (const peer of keepPeers) await wrk(peer, false, 1); // warm up
    for (const peer of closePeers) await wrk(peer, true, 1);
    for (let round = 0; round < rounds; round++) {
      const inTurn = (peers: Peer[]) => (round % 2 ? [...peers].reverse() : peers);
      for (const peer of inTurn(keepPeers)) add(runs, `${peer.name} keep`, await wrk(peer, false, seconds));
      for (const peer of inTurn(closePeers)) add(runs, `${peer.name} close`, await wrk(peer, true, seconds));
      for (const peer of inTurn(idlePeers)) add(idle, peer.name, await getUnderIdle(peer.port));
    }
  } finally {
    await Promise.all(all.map(stopPeer));
  }

  type Mode = "keep" | "close";
  const of = (name: string, mode: Mode) => runs.get(`${name} ${mode}`) ?? [];
  const figure = (name: string, mode: Mode, what: keyof Run) => median(of(name, mode).map((run) => run[what]));
  /** The median over rounds of `name`'s requests per CPU second divided by `peer`'s in the same round. */
  const ratio = (name: string, peer: string, mode: Mode, what: keyof Run = "perCpu") =>
    median(of(name, mode).map((run, i) => run[what] / (of(peer, mode)[i]?.[what] ?? Number.NaN)));
  const n = (value: number) => Math.round(value).toLocaleString("en").padStart(9);
  const x = (value: number) => `${value.toFixed(2)}×`.padStart(8);
  console.log(`HTTP, median of ${rounds} rounds (wrk -t1 -c32 -d${seconds}s), every server but the floor logging each request:`);
  console.log(
    `  ${"".padEnd(14)} ${"server".padEnd(22)} ${"req/s".padStart(9)} ${"CPU".padStart(5)} ${"per CPU".padStart(9)}   ÷ floor: ${"per CPU".padStart(8)} ${"req/s".padStart(8)}`,
  );
  for (const [mode, peers, floor] of [
    ["keep", keepPeers, FLOOR_KEEP],
    ["close", closePeers, FLOOR_CLOSE],
  ] as const) {
    for (const { name } of peers) {
      const cells = `${n(figure(name, mode, "rate"))} ${`${Math.round(100 * figure(name, mode, "busy"))}%`.padStart(5)} ${n(figure(name, mode, "perCpu"))}`;
      const ratios = name === floor ? "" : `${"".padEnd(9)} ${x(ratio(name, floor, mode))} ${x(ratio(name, floor, mode, "rate"))}`;
      console.log(`  ${(mode === "keep" ? "keep-alive" : "new connection").padEnd(14)} ${name.padEnd(22)} ${cells}   ${ratios}`);
    }
  }
  console.log("  (CPU: the share of a core the server's process used; per CPU: req/s ÷ that share, the figure the ratios use)");
  const idleMs = (name: string) => median(idle.get(name) ?? []);
  console.log(
    `  a GET on a new connection with 500 idle ones open: ${idlePeers.map(({ name }) => `${name} ${idleMs(name).toFixed(1)} ms`).join(", ")}`,
  );
  const beside = [
    ["http_keep_alive / nginx, new connection", ratio("http_keep_alive", "nginx", "close")],
    ["http_home / python 2.5, new connection", ratio("http_home", "python 2.5", "close")],
    ["http_home / python 2.5, new connection (req/s)", ratio("http_home", "python 2.5", "close", "rate")],
  ] as const;
  for (const [what, value] of beside) console.log(`  ${what.padEnd(56)} ${value.toFixed(2)}×  (no target)`);

  const checks = [
    { what: "keep-alive, http_keep_alive / bare Node", value: ratio("http_keep_alive", FLOOR_KEEP, "keep"), target: 0.9 },
    { what: "new connection, http_keep_alive / bare Node", value: ratio("http_keep_alive", FLOOR_CLOSE, "close"), target: 0.85 },
    { what: "new connection, http_home / bare Node", value: ratio("http_home", FLOOR_CLOSE, "close"), target: 0.6 },
    { what: "keep-alive, http_keep_alive / node:http", value: ratio("http_keep_alive", "node:http", "keep"), target: 1.2 },
    { what: "new connection, http_keep_alive / node:http", value: ratio("http_keep_alive", "node:http", "close"), target: 1.0 },
  ];
  return [
    ...checks.map(({ what, value, target }) => ({ benchmark: "home page", comparison: what, ratio: value, target })),
    ...["http_keep_alive", "http_home"].map((name) => ({
      benchmark: "home page",
      comparison: `${name} GET with 500 idle connections`,
      ratio: idleMs(name),
      target: 50,
      unit: "ms",
      lowerIsBetter: true,
    })),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "2" } } });
  const results = await httpBenchmark(Number(values.rounds), Number(values.seconds));
  for (const result of results) console.log(`  ${describe(result)}`);
  process.exitCode = results.every(met) ? 0 : 1;
}
