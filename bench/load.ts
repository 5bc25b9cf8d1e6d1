/**
 * Load and idle connections against http_keep_alive.ts: wrk with 100 connections,
 * four loads of 5 s, must get every request answered without an error; the
 * server's memory should come back near where it started (within 25 %) and
 * must not go on growing from one load to the next (a leak: the last load
 * against the first); 500 idle connections, and 500 that trickle a request
 * in a byte at a time, must not delay a fresh request, and the idle timeout
 * must close them.
 *
 * Run:  npm run bench:load
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { openTcpEnds } from "../test/helpers.ts";
import { freshGetMs, needTools } from "./http.ts";
import { type BenchResult, describe, met, startPeer, stopPeer } from "./udp.ts";

/** The resident memory of a process, in MB. */
function residentMB(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(line?.[1] ?? 0) / 1024;
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/**
 * The resident memory once the load is over: the smallest of readings taken
 * every 100 ms for two seconds. One reading can land just before a garbage
 * collection gives pages back; the smallest is what the server keeps.
 */
async function settledMB(pid: number): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 20; i++) {
    await sleep(100);
    least = Math.min(least, residentMB(pid));
  }
  return least;
}

/**
 * Opens 500 connections that send nothing, or (`trickle`) that start a
 * request and add a byte to it every 200 ms; times fresh GETs meanwhile;
 * then counts how many of the 500 the server still holds 5.5 s later, two
 * --idle periods and a little: a trickler gets 408 after one, and is cut
 * after the next if it neither reads nor stops.
 */
async function holdConnections(port: number, trickle: boolean): Promise<{ fresh: number; stillOpen: number }> {
  const timers: NodeJS.Timeout[] = [];
  const held = await Promise.all(
    Array.from(
      { length: 500 },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
          socket.on("error", reject);
          if (!trickle) return;
          socket.on("connect", () => socket.write("GET / HTTP/1.1\r\nX-Slow: "));
          const timer = setInterval(() => socket.writable && socket.write("x"), 200);
          timers.push(timer);
          socket.on("close", () => clearInterval(timer));
        }),
    ),
  );
  const fresh = await freshGetMs(port, 9);
  await sleep(5500);
  const stillOpen = openTcpEnds(port);
  for (const timer of timers) clearInterval(timer);
  for (const socket of held) socket.destroy();
  return { fresh, stillOpen };
}

export async function loadBenchmark(seconds = 5, loads = 4): Promise<BenchResult[]> {
  needTools(["wrk"]);
  // A heap limit makes V8 collect rather than grow into all the memory it may
  // take, so that a leak shows as growth from one load to the next.
  const home = await startPeer("http_keep_alive", "node", [
    "--max-old-space-size=64",
    "--import",
    "tsx",
    "scripts/http_keep_alive.ts",
    "--port",
    "0",
    "--idle",
    "2",
  ]);
  const pid = home.process.pid as number;
  try {
    // Warm up at the same concurrency, so that the starting figure is the server at
    // work with 100 connections (its heap grown to fit them), not just started.
    execFileSync("wrk", ["-t2", "-c100", "-d2s", `http://127.0.0.1:${home.port}/`]);
    const before = await settledMB(pid);
    // Rounds of the same load: memory that grows with every round is a leak;
    // memory that stays once the heap has grown is not.
    const load = () => execFileSync("wrk", ["-t2", "-c100", `-d${seconds}s`, `http://127.0.0.1:${home.port}/`], { encoding: "utf8" });
    const outputs: string[] = [];
    const memory: number[] = [];
    for (let i = 0; i < loads; i++) {
      outputs.push(load());
      memory.push(await settledMB(pid));
    }
    const afterFirst = memory[0] ?? 0;
    const after = memory.at(-1) ?? 0;
    const requests = outputs.map((text) => Number(/(\d+) requests in/.exec(text)?.[1] ?? 0));
    const errors = /Socket errors: (.*)|Non-2xx or 3xx responses: (\d+)/.exec(outputs.join(""))?.[0] ?? "none";

    const idle = await holdConnections(home.port, false);
    const trickling = await holdConnections(home.port, true);

    const counts = requests.map((n) => n.toLocaleString("en")).join(", ");
    console.log(`load: wrk -t2 -c100 -d${seconds}s against http_keep_alive, ${loads} times: ${counts} requests, errors: ${errors}`);
    console.log(`  memory (RSS): ${before.toFixed(0)} MB before, after each load ${memory.map((mb) => mb.toFixed(0)).join(", ")} MB`);
    for (const [what, held] of [
      ["idle", idle],
      ["trickling", trickling],
    ] as const) {
      console.log(
        `  500 ${what} connections: a fresh GET took ${held.fresh.toFixed(1)} ms (median of 9); ${held.stillOpen} still open 5.5 s later (--idle 2)`,
      );
    }
    return [
      {
        benchmark: "load",
        comparison: "http_keep_alive, wrk -c100: requests with errors",
        ratio: errors === "none" ? 0 : 1,
        target: 1,
        unit: "errors",
        lowerIsBetter: true,
      },
      {
        benchmark: "load",
        comparison: `http_keep_alive memory after ${loads} loads / before them`,
        ratio: after / before,
        target: 1.25,
        unit: "×",
        lowerIsBetter: true,
      },
      {
        benchmark: "load",
        comparison: `http_keep_alive memory after load ${loads} / after load 1`,
        ratio: after / afterFirst,
        target: 1.1,
        unit: "×",
        lowerIsBetter: true,
      },
      ...(["idle", "trickling"] as const).flatMap((what) => {
        const held = what === "idle" ? idle : trickling;
        return [
          {
            benchmark: "load",
            comparison: `${what} connections left open after the idle timeout`,
            ratio: held.stillOpen,
            target: 1,
            unit: "sockets",
            lowerIsBetter: true,
          },
          {
            benchmark: "load",
            comparison: `a fresh GET with 500 ${what} connections open`,
            ratio: held.fresh,
            target: 50,
            unit: "ms",
            lowerIsBetter: true,
          },
        ];
      }),
    ];
  } finally {
    await stopPeer(home);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await loadBenchmark();
  for (const result of results) console.log(`  ${describe(result)}`);
  process.exitCode = results.every(met) ? 0 : 1;
}
