/**
 * Hostile input, through the sockets, against the running servers: mutated
 * and random HTTP requests for both HTTP servers, random datagrams of every size for
 * udp_server and word_server. After each run the server must still answer a
 * correct request correctly, must not have printed a stack trace, and every
 * HTTP answer it gave must be a well-formed HTTP/1.1 response.
 *
 * The cases come from a seeded generator, so a failure can be replayed:
 * FUZZ_SEED picks the seed, FUZZ_CASES how many cases (`npm run fuzz` runs
 * many more than `npm test`).
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import net from "node:net";
import { test } from "uvu";
import { ask, parseResponses, type Server, startServer, stopAll } from "./helpers.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CASES = Number(process.env.FUZZ_CASES ?? (process.env.npm_lifecycle_event === "fuzz" ? 5000 : 300)); // npm run fuzz: 5,000

test.after.each(stopAll);

/** A small seeded random number generator (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  /** A size spread over every order of magnitude up to `max`. */
  const size = (max: number) => Math.min(max, Math.floor(Math.exp(next() * Math.log(max + 1))));
  return { next, int, pick, bytes, size };
}

type Random = ReturnType<typeof random>;

const METHODS = ["GET", "POST", "OPTIONS", "PUT", "DELETE", "get", "G ET", ""];
const TARGETS = ["/", "/index.html", "/nope", "*", "http://x/", "/%zz", "/../etc/passwd", "/?q=你好", ""];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 ", "http/1.1", "HTTP/9", ""];
const LENGTHS = ["0", "5", "-1", "1e3", " 7", "5, 6", "5,5", "99999999999999999999", "abc", ""];

/** One HTTP case: the pieces to send, and whether to reset the connection after them. */
function httpCase(r: Random): { pieces: Buffer[]; reset: boolean } {
  let request: Buffer;
  if (r.next() < 0.15) {
    request = r.bytes(r.size(20_000)); // random bytes
  } else {
    const body = r.next() < 0.3 ? r.bytes(r.size(3_000)) : Buffer.alloc(0);
    const headers = [r.next() < 0.9 ? "Host: x" : "", r.next() < 0.2 ? "Host: y" : ""];
    if (body.length > 0 || r.next() < 0.2) headers.push(`Content-Length: ${r.next() < 0.6 ? body.length : r.pick(LENGTHS)}`);
    if (r.next() < 0.1) headers.push("Transfer-Encoding: chunked");
    if (r.next() < 0.1) headers.push("Connection: close");
    if (r.next() < 0.1) headers.push(`X-Big: ${"b".repeat(r.size(12_000))}`);
    if (r.next() < 0.1) headers.push("X-Folded: a\r\n b");
    if (r.next() < 0.1) headers.push("Bad Header: 1");
    const method = r.next() < 0.7 ? "GET" : r.pick(METHODS);
    const line = `${method} ${r.next() < 0.7 ? "/" : r.pick(TARGETS)} ${r.next() < 0.8 ? "HTTP/1.1" : r.pick(VERSIONS)}`;
    request = Buffer.concat([Buffer.from(`${line}\r\n${headers.filter(Boolean).join("\r\n")}\r\n\r\n`, "latin1"), body]);
    // Mutate some bytes, cut the end off, or send it twice (pipelined).
    const mutations = r.next() < 0.5 ? r.int(4) : 0;
    for (let i = 0; i < mutations; i++) request[r.int(request.length)] = r.int(256);
    if (r.next() < 0.15) request = request.subarray(0, r.int(request.length));
    if (r.next() < 0.15) request = Buffer.concat([request, request]);
  }
  // Send it in one to three pieces.
  const cuts = [0, ...Array.from({ length: r.int(3) }, () => r.int(request.length)).sort((a, b) => a - b), request.length];
  const pieces = cuts.slice(1).map((end, i) => request.subarray(cuts[i], end));
  return { pieces: pieces.filter((piece) => piece.length > 0), reset: r.next() < 0.1 };
}

/** Sends one case; resolves with what came back before the server closed or went quiet. */
function sendCase(port: number, { pieces, reset }: { pieces: Buffer[]; reset: boolean }): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(quiet);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const waitQuiet = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, 200);
    };
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      waitQuiet();
    });
    socket.on("close", done);
    socket.on("error", done);
    socket.on("connect", () => {
      for (const piece of pieces) socket.write(piece);
      if (reset) socket.resetAndDestroy();
      else waitQuiet();
    });
  });
}

/** The server still serves the home page, and printed no stack trace. */
async function stillHealthy(server: Server) {
  const response = await fetch(`http://127.0.0.1:${server.port}/`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /你好，浏览器！/);
  assert.doesNotMatch(server.stderr(), /\n\s+at |Error:|TypeError|RangeError/);
}

for (const [name, args] of [
  ["http_home", []],
  ["http_keep_alive", ["--idle", "1"]],
] as const) {
  test(`${name} survives ${CASES} mutated and random requests, answering each well-formed`, async () => {
    const server = await startServer(name, [...args]);
    const r = random(SEED);
    const cases = Array.from({ length: CASES }, () => httpCase(r));
    let answered = 0;
    for (let i = 0; i < cases.length; i += 25) {
      const batch = cases.slice(i, i + 25);
      const replies = await Promise.all(batch.map((one) => sendCase(server.port, one)));
      replies.forEach((reply, j) => {
        try {
          answered += parseResponses(reply).length;
        } catch (err) {
          throw new Error(`case ${i + j} (seed ${SEED}): ${(err as Error).message}`);
        }
      });
    }
    assert.ok(answered > CASES / 2, `${answered} responses to ${CASES} cases`);
    await stillHealthy(server);
  });

  test(`${name} survives connections reset halfway through a response`, async () => {
    const server = await startServer(name, [...args]);
    const batch = Array.from({ length: 30 }, () => `GET / HTTP/1.1\r\nHost: x\r\n\r\n`.repeat(50));
    await Promise.all(
      batch.map(
        (requests) =>
          new Promise<void>((resolve) => {
            const socket = net.connect(server.port, "127.0.0.1", () => socket.write(requests));
            socket.once("data", () => {
              socket.resetAndDestroy();
              resolve();
            });
            socket.on("error", () => resolve());
          }),
      ),
    );
    await stillHealthy(server);
  });
}

for (const [name, healthy] of [
  ["udp_server", (reply: string | undefined) => reply === "Thanks"],
  [
    "word_server",
    (reply: string | undefined) =>
      reply?.startsWith("没有找到：") || reply?.startsWith("发一个要查的单词") || /^\S+ {2}\S/.test(reply ?? ""),
  ],
] as const) {
  test(`${name} answers ${Math.round(CASES / 2)} random datagrams of every size up to 65,507 bytes`, async () => {
    const server = await startServer(name);
    const r = random(SEED + 1);
    for (let i = 0; i < CASES / 2; i++) {
      const datagram = r.bytes(r.size(65_507));
      const reply = (await ask(server.port, datagram, "127.0.0.1", 3_000))?.toString("utf8");
      assert.ok(healthy(reply), `case ${i} (${datagram.length} bytes, seed ${SEED}): reply ${JSON.stringify(reply?.slice(0, 80))}`);
    }
    assert.equal(
      (await ask(server.port, name === "udp_server" ? "hello" : "apple"))?.toString().split(" ")[0],
      name === "udp_server" ? "Thanks" : "apple",
    );
    assert.equal(server.stderr(), "");
  });
}

test("a burst of 20,000 datagrams leaves udp_server answering", async () => {
  const server = await startServer("udp_server");
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  socket.on("message", () => {}); // replies to the burst: not counted, some may be dropped
  for (let i = 0; i < 20_000; i++) {
    socket.send(`burst ${i}`, server.port, "127.0.0.1");
    if (i % 500 === 0) await new Promise((wake) => setImmediate(wake));
  }
  socket.close();
  // The server may still be working through the burst, and the kernel drops
  // datagrams that find its buffer full: ask until a reply comes.
  let reply: Buffer | null = null;
  for (let tries = 0; reply === null && tries < 20; tries++) reply = await ask(server.port, "after the burst", "127.0.0.1", 1_000);
  assert.equal(reply?.toString(), "Thanks");
  await server.waitFor("Msg: after the burst", 15_000);
  assert.equal(server.stderr(), "");
});

test.run();
