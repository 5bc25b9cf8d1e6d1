import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "uvu";
import { ROOT, run, type Server, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

/** The relay on a free port, in front of a udp_server of its own. */
async function relayed(args: string[]): Promise<{ server: Server; relay: Server }> {
  const server = await startServer("udp_server");
  const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, ...args]);
  return { server, relay };
}

test("--loss 0: every datagram passes both ways; Ctrl-C prints the totals", async () => {
  const { server, relay } = await relayed(["--loss", "0"]);
  assert.match(relay.stdout(), /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(UDP\), relaying to 127\.0\.0\.1:\d+, dropping 0%\n/);
  const client = await run("udp_client", ["--port", String(relay.port)], "hello\n你好\n\n");
  assert.equal(client.code, 0);
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> Response: Thanks\nMsg>>> ");
  await server.waitFor("Msg: 你好");
  await relay.waitFor(/ "Thanks": 转发 passed$/);
  assert.match(relay.stdout(), /\n127\.0\.0\.1:(\d+) → server "hello": 转发 passed\nserver → 127\.0\.0\.1:\1 "Thanks": 转发 passed\n/);
  assert.equal(await relay.stop(), 0);
  assert.match(relay.stdout(), /relay closed: 4 datagrams, 4 passed, 0 dropped\n$/);
});

test("--loss 1: our client says each reply is lost, goes on, and exits 0", async () => {
  const { relay } = await relayed(["--loss", "1"]);
  const client = await run("udp_client", ["--port", String(relay.port), "--timeout", "0.3"], "one\ntwo\n\n");
  assert.equal(client.code, 0);
  assert.equal(client.stdout.match(/No reply from 127\.0\.0\.1:\d+ within 0\.3 s/g)?.length, 2);
  assert.match(client.stdout, /Msg>>> $/, "it prompted for the next line each time");
  await relay.waitFor('→ server "two": 丢掉 dropped');
});

/** What the relay did with each datagram, without the ports that change from run to run. */
async function seededDrops(): Promise<string[]> {
  const { relay } = await relayed(["--loss", "0.5", "--seed", "7"]);
  const lines = Array.from({ length: 8 }, (_, i) => `m${i}`);
  await run("udp_client", ["--port", String(relay.port), "--timeout", "0.3"], `${lines.join("\n")}\n\n`);
  await relay.stop();
  return relay
    .stdout()
    .split("\n")
    .filter((line) => / (passed|dropped)$/.test(line))
    .map((line) => line.replace(/127\.0\.0\.1:\d+/, "client"));
}

test("--seed: a seeded --loss 0.5 drops the same datagrams every run", async () => {
  const [first, second] = await Promise.all([seededDrops(), seededDrops()]);
  assert.deepEqual(first, second);
  assert.ok(first.some((line) => line.endsWith("dropped")) && first.some((line) => line.endsWith("passed")), first.join("\n"));
});

test("the course's Python client waits for ever after a lost reply; ours goes on", async () => {
  const { relay } = await relayed(["--loss", "1"]);
  const course = spawn("python3", ["-u", "exercises/udp-client/solution.py", String(relay.port)], { cwd: ROOT });
  let printed = "";
  course.stdout.on("data", (chunk) => {
    printed += chunk;
  });
  course.stdin.end("first\nsecond\n\n");
  try {
    await relay.waitFor('→ server "first": 丢掉 dropped');
    // Ours, through the same relay, answers every line and ends; the course's is still in recvfrom.
    const ours = await run("udp_client", ["--port", String(relay.port), "--timeout", "0.5"], "first\nsecond\n\n");
    assert.equal(ours.code, 0);
    assert.match(ours.stdout, /No reply .*\n.*No reply /s);
    assert.equal(course.exitCode, null, "the course's client has not ended");
    assert.equal(printed, "Msg>>> ", "stuck after the first line: no second prompt");
    assert.equal(relay.stdout().match(/"second": 丢掉 dropped/g)?.length, 1, "only ours sent a second line");
  } finally {
    course.kill("SIGKILL");
  }
});

test("--delay holds each datagram that passes", async () => {
  const { relay } = await relayed(["--delay", "300"]);
  const started = Date.now();
  const client = await run("udp_client", ["--port", String(relay.port)], "slow\n\n");
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> ");
  assert.ok(Date.now() - started >= 600, "300 ms each way");
});

test("bad usage: one error line, exit code 2", async () => {
  for (const [args, message] of [
    [[], /--to takes the server's address as HOST:PORT/],
    [["--to", "8888"], /--to takes .*, not "8888"/],
    [["--to", "127.0.0.1", "8888"], /多余的参数：8888 — an argument this script does not take: 8888 \(usage: /], // --to HOST:PORT, not --port
    [["--to", "127.0.0.1:99999"], /端口是 1 到 65535 之间的整数.* not "127\.0\.0\.1:99999"/],
    [["--to", "127.0.0.1:8888", "--loss", "1.5"], /--loss takes the share of datagrams to drop, from 0 to 1, not "1\.5"/],
    [["--to", "127.0.0.1:8888", "--delay=-5"], /--delay takes milliseconds/],
    [["--to", "127.0.0.1:8888", "--loss", ""], /--loss takes the share of datagrams to drop, from 0 to 1, not ""/],
    [["--to", "127.0.0.1:8888", "--delay", "1e3"], /--delay takes milliseconds from 0 to 60000, not "1e3"/],
    [
      ["--to", "127.0.0.1:8888", "--delay", "-5"],
      /--delay 是 0 到 60000 之间的毫秒数，而不是 "-5" — --delay takes milliseconds from 0 to 60000, not "-5"/,
    ],
    [["--to", "127.0.0.1:8888", "--seed", "x"], /--seed takes a whole number/],
  ] as const) {
    const { code, stderr } = await run("udp_relay", [...args]);
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, /^error: /);
    assert.match(stderr, message);
    assert.equal(stderr.trimEnd().split("\n").length, 1);
  }
});

test.run();
