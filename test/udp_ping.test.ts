import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { createInterface } from "node:readline";
import { test } from "uvu";
import { run, start, startServer, stopAll } from "./helpers.ts";

const peers = new Set<dgram.Socket>();
test.after.each(async () => {
  for (const socket of peers) socket.close();
  peers.clear();
  await stopAll();
});

const REPLY = /^Ping (\d+)：来自 (\S+) 的回复，往返 (\d+\.\d) 毫秒 — Ping \1: reply from \2, round trip \3 ms$/;
const TIMED_OUT = /^Ping (\d+)：超时，([\d.]+) 秒内没有回复 — Ping \1: timed out, no reply within \2 s$/;

/** What the pinger printed for each ping, in order: its round trip in ms, or "timed out". */
function outcomes(stdout: string): (number | "timed out")[] {
  const lines = stdout.split("\n").filter((line) => line.startsWith("Ping "));
  return lines.map((line, i) => {
    const reply = REPLY.exec(line);
    const match = reply ?? TIMED_OUT.exec(line);
    assert.ok(match, `not a ping line: ${line}`);
    assert.equal(Number(match[1]), i + 1, "one line per ping, in order");
    return reply ? Number(reply[3]) : "timed out";
  });
}

/** The summary's first line, in both languages. */
const summary = (sent: number, received: number, lost: number, percent: string) =>
  `发送 ${sent} 个，收到 ${received} 个，丢失 ${lost} 个，丢包率 ${percent}% — ${sent} sent, ${received} received, ${lost} lost, ${percent}% loss\n`;

/**
 * A UDP server of the test's own, on a free port: `answer` gets each ping's number and text, and may
 * reply, at once or after some ms. Closed after each test.
 */
async function peer(answer: (seq: number, text: string, reply: (text: string, ms?: number) => void) => void): Promise<number> {
  const socket = dgram.createSocket("udp4");
  peers.add(socket);
  socket.on("message", (data, from) => {
    const text = data.toString("utf8");
    answer(Number(/^Ping (\d+) /.exec(text)?.[1]), text, (reply, ms = 0) =>
      setTimeout(() => peers.has(socket) && socket.send(reply, from.port, from.address), ms),
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return socket.address().port;
}

test("against udp_server: --count 3 prints a round trip for each ping, a 0% summary and min/avg/max; each ping names its number and send time", async () => {
  const server = await startServer("udp_server");
  const before = Date.now();
  const { code, stdout, stderr } = await run("udp_ping", ["--port", String(server.port), "--count", "3"]);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
  assert.match(
    stdout,
    /^向 127\.0\.0\.1:\d+ 发送 ping（UDP）：一共 3 个，每个最多等 1 秒回复 — pinging 127\.0\.0\.1:\d+ \(UDP\): 3 in all/,
  );
  assert.equal(outcomes(stdout).filter((time) => typeof time === "number").length, 3);
  assert.ok(stdout.includes(`\n${summary(3, 3, 0, "0")}`), stdout);
  assert.match(
    stdout,
    /\n往返时间 最短\/平均\/最长 [\d.]+\/[\d.]+\/[\d.]+ 毫秒 — round trip min\/avg\/max \d+\.\d\/\d+\.\d\/\d+\.\d ms\n$/,
  );
  const sent = await server.waitFor(/Msg: Ping 3 \d+$/);
  const at = Number(sent.split(" ").at(-1));
  assert.ok(at >= before && at <= Date.now(), `the send time in ms since the epoch: ${sent}`);
  assert.match(server.stdout(), /Msg: Ping 1 \d{13}\n.*Msg: Ping 2 \d{13}\n.*Msg: Ping 3 \d{13}\n/);
});

test("a server that drops pings 2 and 4: those time out, the others take about 30 ms, and the summary counts 40% lost", async () => {
  const port = await peer((seq, text, reply) => seq !== 2 && seq !== 4 && reply(text, 30));
  const { code, stdout } = await run("udp_ping", ["--port", String(port), "--count", "5", "--timeout", "0.3"]);
  assert.equal(code, 0);
  const times = outcomes(stdout);
  assert.deepEqual(
    times.map((time) => (typeof time === "number" ? "reply" : time)),
    ["reply", "timed out", "reply", "timed out", "reply"],
  );
  assert.ok(
    times.every((time) => time === "timed out" || (time >= 29 && time < 300)),
    times.join(", "),
  );
  assert.match(stdout, /\nPing 2：超时，0\.3 秒内没有回复 — Ping 2: timed out, no reply within 0\.3 s\n/);
  assert.ok(stdout.includes(summary(5, 3, 2, "40")), stdout);
});

test("a late reply to an earlier ping is passed over: the current ping waits on for its own", async () => {
  let held = "";
  const port = await peer((seq, text, reply) => {
    if (seq === 1)
      held = text; // answered only once ping 2 has come, after ping 1 timed out
    else {
      reply(held.toUpperCase()); // PING 1 …: the number is read whatever the case
      reply(text, 50);
    }
  });
  const { code, stdout } = await run("udp_ping", ["--port", String(port), "--count", "2", "--timeout", "0.3"]);
  assert.equal(code, 0);
  const [first, second] = outcomes(stdout);
  assert.equal(first, "timed out");
  assert.ok(typeof second === "number" && second >= 49, `ping 2 took its own reply, 50 ms on, not the late one: ${second}`);
  assert.match(
    stdout,
    /\n迟到的回复（第 1 个 ping 的），不算这一个的 — a late reply \(to ping number 1\), not taken for this one\nPing 2：/,
  );
  assert.ok(stdout.includes(summary(2, 1, 1, "50")), stdout);
});

test("a Python echo server that answers in capitals and drops ping 3: the pinger counts 1 of 4 lost", async () => {
  const program = [
    "from socket import *",
    "s = socket(AF_INET, SOCK_DGRAM)",
    "s.bind(('127.0.0.1', 0))",
    "print(s.getsockname()[1], flush=True)",
    "while True:",
    "    data, addr = s.recvfrom(1024)",
    "    if data.split()[1] != b'3': s.sendto(data.upper(), addr)",
  ].join("\n");
  const python = spawn("python3", ["-c", program]);
  try {
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: python.stdout }).once("line", resolve);
      python.once("exit", () => reject(new Error("the Python server ended before it printed its port")));
    });
    const { code, stdout } = await run("udp_ping", ["--port", port, "--count", "4", "--timeout", "0.3"]);
    assert.equal(code, 0);
    assert.deepEqual(
      outcomes(stdout).map((time) => (typeof time === "number" ? "reply" : time)),
      ["reply", "reply", "timed out", "reply"],
    );
    assert.ok(stdout.includes(summary(4, 3, 1, "25")), stdout);
  } finally {
    python.kill("SIGKILL");
  }
});

test("through udp_relay with a seeded --loss: each ping's line and the summary agree with what the relay dropped", async () => {
  const server = await startServer("udp_server");
  const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, "--loss", "0.5", "--seed", "11"]);
  const { code, stdout } = await run("udp_ping", ["--port", String(relay.port), "--count", "6", "--timeout", "0.2"]);
  assert.equal(code, 0);
  const received = outcomes(stdout).filter((time) => time !== "timed out").length;
  assert.ok(received > 0 && received < 6, `seed 11 lets some round trips through and not others:\n${stdout}`);
  await relay.stop();
  const passedBack = relay.stdout().match(/^server → .* "Thanks": 转发 passed$/gm)?.length ?? 0;
  assert.equal(received, passedBack, relay.stdout());
  const percent = String(Number((((6 - received) / 6) * 100).toFixed(1)));
  assert.ok(stdout.includes(summary(6, received, 6 - received, percent)), stdout);
});

test("no reply at all: every ping times out, 100% loss, and a line says no reply came", async () => {
  const port = await peer(() => {});
  const { code, stdout } = await run("udp_ping", ["--port", String(port), "--count", "2", "--timeout", "0.2"]);
  assert.equal(code, 0);
  assert.deepEqual(outcomes(stdout), ["timed out", "timed out"]);
  assert.ok(stdout.endsWith(`${summary(2, 0, 2, "100")}一个回复也没有收到 — no reply at all\n`), stdout);
});

test("Ctrl-C midway closes the socket, prints the summary so far and exits 0", async () => {
  const port = await peer((seq, text, reply) => seq === 1 && reply(text)); // then silent
  const pinger = start("udp_ping", ["--port", String(port), "--count", "100", "--timeout", "5"]);
  await pinger.waitFor(/^Ping 1：来自/);
  assert.equal(await pinger.stop(), 0);
  assert.doesNotMatch(pinger.stdout(), /Ping 2/);
  assert.ok(pinger.stdout().includes(summary(1, 1, 0, "0")), pinger.stdout());
  assert.match(pinger.stdout(), /round trip min\/avg\/max [\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
});

test("a bad --count: one error line in both languages, exit code 2, and no ping sent", async () => {
  const values = ["0", "1001", "x", "-1", "2.5", ""];
  const runs = await Promise.all(values.map((value) => run("udp_ping", ["--port", "9", `--count=${value}`])));
  for (const [i, { code, stdout, stderr }] of runs.entries()) {
    const value = values[i] as string;
    assert.equal(code, 2, value);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      new RegExp(
        `^error: --count 要是 1 到 1000 之间的整数，而不是 "${value}" — --count takes a whole number from 1 to 1000, not "${value}"\n$`,
      ),
    );
  }
});

test("--help prints the help only", async () => {
  const { code, stdout } = await run("udp_ping", ["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^1\.4 UDP 通信流程与特点：/);
  assert.match(stdout, /\n {2}--count N +.*\n +how many pings to send/);
  assert.doesNotMatch(stdout, /^Ping |pinging/m);
});

test.run();
