import assert from "node:assert/strict";
import { test } from "uvu";
import { run } from "./helpers.ts";

const runs = Promise.all([1, 2].map(() => run("tcp_vs_udp")));

test("1. boundaries: TCP runs the three messages together; UDP keeps three datagrams; the same every run", async () => {
  const all = await runs;
  const part1 = (stdout: string) => stdout.slice(0, stdout.indexOf("\n2. "));
  for (const { code, stdout, stderr } of all) {
    assert.equal(code, 0);
    assert.equal(stderr, "");
    assert.equal(part1(stdout), part1(all[0]?.stdout ?? ""), "deterministic");
    assert.match(stdout, /^1\. 消息边界：.*\n1\. Message boundaries: /);
    assert.match(stdout, /^TCP 第 1 次读到："hello你好bye"（14 字节） — TCP read 1: "hello你好bye" \(14 bytes\)$/m);
    assert.doesNotMatch(stdout, /TCP read 2/);
    assert.match(
      stdout,
      /— UDP datagram 1: "hello" \(5 bytes\)\n.* — UDP datagram 2: "你好" \(6 bytes\)\n.* — UDP datagram 3: "bye" \(3 bytes\)$/m,
    );
    assert.match(
      stdout,
      /^TCP：发了 3 条消息，读了 1 次：.*\nTCP: 3 messages sent, 1 read: .*\nUDP：.*\nUDP: 3 messages sent, 3 datagrams received: /m,
    );
    const lines = stdout.split("\n");
    for (const [i, line] of lines.entries()) {
      const chinese = (text = "") => /[\u4e00-\u9fff]/.test(text);
      if (/[A-Za-z]{3}/.test(line)) assert.ok(chinese(line) || chinese(lines[i - 1]), `Chinese on this line or the one before: ${line}`);
    }
  }
});

test("2. reliability: a burst loses UDP datagrams every run, and no TCP bytes", async () => {
  for (const { stdout } of await runs) {
    const udp = /^UDP burst: 20000 sent, (\d+) received, (\d+) lost \(the receiver's buffer was full\)$/m.exec(stdout);
    assert.ok(udp, stdout);
    assert.equal(Number(udp[1]) + Number(udp[2]), 20000);
    assert.ok(Number(udp[2]) > 0, "UDP lost some");
    assert.match(stdout, /^TCP burst: 20000 sent, 20000 received, 0 lost \(the sender waited: flow control\)$/m);
  }
});

test("3. the cost of a connection: a TCP connection per exchange takes longer than a datagram each way", async () => {
  for (const { stdout } of await runs) {
    const udp = Number(/^UDP exchanges: 1000 in (\d+) ms$/m.exec(stdout)?.[1]);
    const tcp = Number(/^TCP exchanges, a new connection each: 1000 in (\d+) ms \(the handshake and the close\)$/m.exec(stdout)?.[1]);
    assert.ok(udp > 0 && tcp > udp, `UDP ${udp} ms, TCP ${tcp} ms`);
  }
});

test("--port or --host is refused: both sides run on free ports of their own", async () => {
  const { code, stdout, stderr } = await run("tcp_vs_udp", ["--port", "9000"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(
    stderr,
    /^error: tcp_vs_udp 的收发两方都在这一个程序里.* — tcp_vs_udp runs both sides itself, on free ports the system picks, so it takes no --host or --port\n$/,
  );
});

test.run();
