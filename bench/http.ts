/**
 * HTTP benchmark (course 2.5 and going further): http_keep_alive.ts against
 * a node:http server serving the same page (bench/node_http_server.ts) and
 * nginx with one worker, all three logging each request, in one run, with wrk:
 *
 * - requests per second with keep-alive (50 connections);
 * - requests per second with a new connection per request (Connection: close);
 * - the time to answer a GET on a new connection while 500 idle connections
 *   are held open, for these three and for http_home.ts, the course's
 *   one-request-per-connection lesson.
 *
 * The servers take turns for several rounds; medians are compared.
 * Targets: keep-alive ≥ 1.2× node:http; new connection per request ≥ 1.0×
 * node:http and ≥ 0.6× nginx; the GET under idle connections in < 50 ms for
 * http_keep_alive and http_home.
 *
 * With two cores, wrk itself can be the limit: opening and closing 20,000
 * connections a second fills its core while nginx still has time to spare, so
 * every server would show wrk's rate. The ratios therefore compare what each
 * server can serve with a whole core: requests per second divided by the
 * share of the server's core that was busy meanwhile (from /proc/stat). For a
 * server that keeps its core full the two figures are the same.
 *
 * Run:  npm run bench:http   [-- --rounds 5 --seconds 3]
 * Needs wrk and nginx (Debian: apt-get install wrk nginx-light).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../test/helpers.ts";
import { type BenchResult, describe, median, met, type Peer, perCore, ROOT, startPeer, stopPeer, whileMeasuringCore } from "./udp.ts";

const page = join(ROOT, "index.html");

/**
 * With two or more cores, the server runs on the first and wrk on the
 * second, so that they do not take turns on one core: every server gets the
 * same conditions, and the figures vary less from run to run.
 */
const pinning = os.availableParallelism() >= 2;
const SERVER_CORE = 0;
function pin(side: "server" | "client"): string {
  if (!pinning) return "";
  return side === "server" ? `taskset -c ${SERVER_CORE}` : "taskset -c 1";
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
function nginxConfig(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), "bench-nginx-"));
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

async function startNginx(): Promise<Peer> {
  const port = await freePort();
  const peer = await startPeer("nginx", "sh", [
    "-c",
    `echo "listening on 127.0.0.1:${port}"; exec ${pin("server")} nginx -c ${nginxConfig(port)} -e stderr`,
  ]);
  // nginx prints nothing when it is ready: try to connect until it answers.
  for (let tries = 0; ; tries++) {
    const ready = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(true)).on("error", () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 100);
    });
    if (ready) return peer;
    if (tries > 50) throw new Error("nginx did not start listening");
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** One wrk run: requests per second, and the share of the server's core that was busy meanwhile. */
interface Run {
  rate: number;
  busy: number;
}

async function wrk(port: number, close: boolean, seconds: number): Promise<Run> {
  const args = ["-t1", "-c50", `-d${seconds}s`, ...(close ? ["-H", "Connection: close"] : []), `http://127.0.0.1:${port}/`];
  const [program, ...rest] = [...pin("client").split(" ").filter(Boolean), "wrk", ...args] as [string, ...string[]];
  const { result: output, busy } = await whileMeasuringCore(SERVER_CORE, () => execFileSync(program, rest, { encoding: "utf8" }));
  const match = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(output);
  if (errors) console.log(`  (wrk on port ${port}: ${errors[0]})`);
  return { rate: Number(match?.[1] ?? 0), busy: pinning ? busy : 1 };
}

const capacity = (run: Run) => perCore(run.rate, run.busy);

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

export async function httpBenchmark(rounds = 5, seconds = 3): Promise<BenchResult[]> {
  needTools();
  const tsx = ["--import", "tsx"];
  const peers: Peer[] = [
    await startPeer("http_keep_alive", "sh", ["-c", `exec ${pin("server")} node ${tsx.join(" ")} scripts/http_keep_alive.ts --port 0`]),
    await startPeer("node:http", "sh", ["-c", `exec ${pin("server")} node ${tsx.join(" ")} bench/node_http_server.ts 0 ${page}`]),
    await startNginx(),
  ];
  // The course's lesson is timed with idle connections only: it is not built for throughput.
  const home = await startPeer("http_home", "sh", ["-c", `exec ${pin("server")} node ${tsx.join(" ")} scripts/http_home.ts --port 0`]);
  const results = new Map([...peers, home].map((peer) => [peer.name, { keep: [] as Run[], close: [] as Run[], idle: [] as number[] }]));
  try {
    for (const peer of peers) await wrk(peer.port, false, 1); // warm up
    for (let round = 1; round <= rounds; round++) {
      for (const peer of peers) {
        const result = results.get(peer.name);
        result?.keep.push(await wrk(peer.port, false, seconds));
        result?.close.push(await wrk(peer.port, true, seconds));
        result?.idle.push(await getUnderIdle(peer.port));
      }
      results.get(home.name)?.idle.push(await getUnderIdle(home.port));
    }
  } finally {
    await Promise.all([...peers, home].map(stopPeer));
  }

  const runs = (name: string, key: "keep" | "close") => results.get(name)?.[key] ?? [];
  const rate = (name: string, key: "keep" | "close") => median(runs(name, key).map((run) => run.rate));
  const busy = (name: string, key: "keep" | "close") => median(runs(name, key).map((run) => run.busy));
  const cap = (name: string, key: "keep" | "close") => median(runs(name, key).map(capacity));
  const idle = (name: string) => median(results.get(name)?.idle ?? []);
  console.log(`HTTP, median of ${rounds} rounds (wrk -t1 -c50 -d${seconds}s; GET on a new connection with 500 idle ones open):`);
  console.log(
    `  ${"server".padEnd(15)} ${"keep-alive req/s".padStart(17)} ${"core busy".padStart(9)} ${"new conn req/s".padStart(15)} ${"core busy".padStart(9)} ${"per core".padStart(9)} ${"GET with 500 idle".padStart(18)}`,
  );
  for (const { name } of peers) {
    const row = [
      Math.round(rate(name, "keep")).toLocaleString("en").padStart(17),
      `${Math.round(100 * busy(name, "keep"))} %`.padStart(9),
      Math.round(rate(name, "close")).toLocaleString("en").padStart(15),
      `${Math.round(100 * busy(name, "close"))} %`.padStart(9),
      Math.round(cap(name, "close")).toLocaleString("en").padStart(9),
      `${idle(name).toFixed(1)} ms`.padStart(18),
    ];
    console.log(`  ${name.padEnd(15)} ${row.join(" ")}`);
  }
  console.log(`  ${home.name.padEnd(15)} ${"".padStart(17 + 9 + 15 + 9 + 9 + 4)} ${`${idle(home.name).toFixed(1)} ms`.padStart(18)}`);
  if (pinning) {
    console.log("  (per core: new-connection requests per second for a whole core, req/s ÷ core busy; the ratios below use it)");
  }
  const checks = [
    { what: "keep-alive, http_keep_alive / node:http", value: cap("http_keep_alive", "keep") / cap("node:http", "keep"), target: 1.2 },
    {
      what: "new connection, http_keep_alive / node:http",
      value: cap("http_keep_alive", "close") / cap("node:http", "close"),
      target: 1.0,
    },
    { what: "new connection, http_keep_alive / nginx", value: cap("http_keep_alive", "close") / cap("nginx", "close"), target: 0.6 },
  ];
  return [
    ...checks.map(({ what, value, target }) => ({ benchmark: "home page", comparison: what, ratio: value, target })),
    ...["http_keep_alive", "http_home"].map((name) => ({
      benchmark: "home page",
      comparison: `${name} GET with 500 idle connections`,
      ratio: idle(name),
      target: 50,
      unit: "ms",
      lowerIsBetter: true,
    })),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "3" } } });
  const results = await httpBenchmark(Number(values.rounds), Number(values.seconds));
  for (const result of results) console.log(`  ${describe(result)}`);
  process.exitCode = results.every(met) ? 0 : 1;
}
