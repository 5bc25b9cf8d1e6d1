import assert from "node:assert/strict";
import dgram from "node:dgram";
import { readdirSync } from "node:fs";
import { test } from "uvu";
import { matches, normalize, READMES, ROOT, readmeBlocks, run, start, stopAll } from "./helpers.ts";

test.after.each(stopAll);

test("the tour runs every lesson in the course's order and ends with exit code 0, as the README shows", async () => {
  const { code, stdout, stderr } = await run("tour", [], "", 60_000);
  assert.equal(stderr, "");
  assert.equal(code, 0);
  const actual = normalize(`$ npm start\n${stdout}`);
  for (const file of READMES) {
    const expected = normalize(readmeBlocks(file).find((block) => block[1] === "tour")?.[2] ?? "");
    assert.ok(
      expected.length > 3 && matches(expected, actual),
      `${file} (expected):\n${expected.join("\n")}\n\nreal output:\n${actual.join("\n")}`,
    );
  }
  // Every script but the tour itself and copy_lesson.ts, which starts an exercise rather than showing the course.
  const lessons = readdirSync(`${ROOT}/scripts`).filter((name) => name.endsWith(".ts") && name !== "tour.ts" && name !== "copy_lesson.ts");
  for (const lesson of lessons) assert.match(stdout, new RegExp(`\\$ .*npx tsx scripts/${lesson.replace(".", "\\.")}`), lesson);
  const sections = ["1.1–1.2", "1.3–1.4", "1.5", "1.6", "2.3", "2.4–2.5", "going further: 2.2"];
  const positions = sections.map((section) => stdout.indexOf(`━━ ${section} `));
  assert.ok(
    positions.every((at) => at >= 0),
    "every section has a title",
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    "in the course's order",
  );
  for (const line of [
    "client │ Msg>>> 你好\n  server │ From client 127.0.0.1:",
    "server │ From client 127.0.0.1:",
    "client │ 0.5 秒内没有收到 127.0.0.1:",
    "client │ network  n. an interconnected system of things or people",
    "client │ 没有找到：xyzzyq — Not found: xyzzyq",
    "output │ TCP: 3 messages sent, 1 read:",
    "output │ UDP: 3 messages sent, 3 datagrams received",
    "output │ TCP burst: 20000 sent, 20000 received, 0 lost",
    "relay  │ 127.0.0.1:",
    '"Thanks": 丢掉 dropped',
    "relay  │ 中转已关闭：7 个数据报，转发 5 个，丢掉 2 个 — relay closed: 7 datagrams, 5 passed, 2 dropped",
    "client │ Ping 2：超时，0.5 秒内没有回复 — Ping 2: timed out, no reply within 0.5 s",
    "client │ 发送 5 个，收到 3 个，丢失 2 个，丢包率 40% — 5 sent, 3 received, 2 lost, 40% loss",
    'wire   │   0.000 s #1  │─ "hello" 5 B ─',
    "wire   │ 一共 5 个数据报：转发 3 个，丢掉 2 个；客户端 1 个 — 5 datagrams: 3 passed, 2 dropped; clients: 1",
    "wire   │           #1 = 连接 connection 1, 来自 from 127.0.0.1:",
    "wire   │ 一共 1 个连接；",
    "server │ GET /hello?from=tour HTTP/1.1",
    "curl   │ > GET / HTTP/1.1",
    "curl   │ < HTTP/1.1 200 OK",
    "curl   │ < Content-Type: text/html; charset=utf-8",
    "curl   │ < HTTP/1.1 404 Not Found",
    "curl   │ < HTTP/1.1 301 Moved Permanently\n  curl   │ < Date: ",
    "curl   │ < Location: /",
  ]) {
    assert.ok(stdout.includes(line), line);
  }
  assert.equal(stdout.match(/server │ 服务端已关闭 — server closed/g)?.length, 5, "each server it stopped said so");
  assert.match(
    stdout,
    /client │ Msg>>> hello\n {2}server │ From client [^\n]*Msg: hello\n {2}client │ Response: Thanks\n/,
    "in the order it happened",
  );
  for (const line of stdout.split("\n").filter((l) => l.startsWith("$ "))) {
    assert.match(
      line,
      /^\$ (npx tsx scripts\/\w+\.ts|printf '[^']*' \| npx tsx scripts\/\w+\.ts|curl -sv)( |$)/,
      `a command to paste: ${line}`,
    );
  }
  assert.match(stdout, /output │ UDP burst: 20000 sent, \d+ received, [1-9]\d* lost/);
  const goingFurther = stdout.slice(stdout.indexOf("━━ going further"));
  const keptAlive = [...goingFurther.matchAll(/server │ (127\.0\.0\.1:\d+) "GET \/(?:home)? HTTP\/1\.1" (?:200|301)/g)].map((m) => m[1]);
  assert.equal(keptAlive.length, 2);
  assert.equal(keptAlive[0], keptAlive[1], "http_keep_alive answered both requests on one connection");
});

test("Ctrl-C during the tour stops the lessons it started and frees their ports", async () => {
  const tour = start("tour");
  const line = await tour.waitFor(/server │ .* — listening on 127\.0\.0\.1:\d+ \(UDP\)/, 15_000);
  const port = Number(/:(\d+) \(UDP\)/.exec(line)?.[1]);
  assert.equal(await tour.stop("SIGINT"), 130);
  assert.match(tour.stdout(), /导览已停止 — tour stopped\n$/);
  const probe = dgram.createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.bind(port, "127.0.0.1", resolve);
  });
  probe.close();
});

test.run();
