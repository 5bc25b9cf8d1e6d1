import assert from "node:assert/strict";
import { test } from "uvu";
import { run } from "./helpers.ts";

test("TCP runs the three messages together; UDP keeps three datagrams; the same every run", async () => {
  const runs = await Promise.all([1, 2, 3].map(() => run("tcp_vs_udp")));
  for (const { code, stdout, stderr } of runs) {
    assert.equal(code, 0);
    assert.equal(stderr, "");
    assert.equal(stdout, runs[0]?.stdout, "deterministic");
    assert.match(stdout, /^TCP read 1: "hello你好bye" \(14 bytes\)$/m);
    assert.doesNotMatch(stdout, /^TCP read 2/m);
    assert.match(stdout, /^UDP datagram 1: "hello" \(5 bytes\)\nUDP datagram 2: "你好" \(6 bytes\)\nUDP datagram 3: "bye" \(3 bytes\)$/m);
    const summary = stdout.trimEnd().split("\n").slice(-2);
    assert.match(summary[0] ?? "", /^TCP: 3 messages sent, 1 reads/);
    assert.match(summary[1] ?? "", /^UDP: 3 messages sent, 3 datagrams received/);
  }
});

test.run();
