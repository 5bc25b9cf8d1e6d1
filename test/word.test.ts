import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { ask, python, run, type Server, start, startServer, stopAll } from "./helpers.ts";

// One word server for the tests that only query it; others start their own.
let shared: Server | undefined;
test.before(async () => {
  shared = await startServer("word_server", [], true);
});
test.after.each(stopAll);
test.after(async () => {
  await shared?.stop();
});

async function wordServer(): Promise<Server> {
  if (shared === undefined) throw new Error("the shared word server did not start");
  return shared;
}

const NETWORK = "network  n. an interconnected system of things or people; v. communicate with and within a group";

async function lookUp(server: Server, word: Uint8Array | string): Promise<string | undefined> {
  return (await ask(server.port, word))?.toString("utf8");
}

test("the server loads the word book and says how many words it holds", async () => {
  const server = await wordServer();
  assert.match(server.stdout(), /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(UDP\), 28331 words loaded\n/);
});

test("the course's case: the client sends words, the server explains them", async () => {
  const server = await wordServer();
  const client = await run("word_client", ["--port", String(server.port)], "network\nxyzzyq\n\n");
  assert.equal(client.code, 0);
  assert.equal(client.stderr, "");
  assert.equal(client.stdout, `Word>>> ${NETWORK}\nWord>>> 没有找到：xyzzyq — Not found: xyzzyq\nWord>>> `);
  await server.waitFor("Word: xyzzyq -> 没有找到 not found");
  assert.match(server.stdout(), /From client 127\.0\.0\.1:\d+, Word: network -> 找到了 found\n/);
});

test("case and spaces around the word do not matter", async () => {
  const server = await wordServer();
  assert.equal(await lookUp(server, "  Network \r\n"), NETWORK);
  assert.equal(await lookUp(server, "NETWORK"), NETWORK);
  assert.match(
    (await lookUp(server, "protocol")) ?? "",
    /^protocol {2}n\. \(computer science\) rules determining the format and transmission of data/,
  );
  assert.match((await lookUp(server, "socket\n")) ?? "", /^socket {2}n\. /);
});

test("every datagram gets an answer: empty, binary, and a 2,000-byte word", async () => {
  const server = await wordServer();
  const ask = "发一个要查的单词，比如 network。 — Send a word to look up, such as network.";
  assert.equal(await lookUp(server, ""), ask);
  assert.equal(await lookUp(server, "   "), ask);
  assert.equal(
    await lookUp(server, Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a])),
    "没有找到：\u0000\ufffd\u001b[2J — Not found: \u0000\ufffd\u001b[2J",
  );
  await server.waitFor("Word: \\x00\\xff\\x1b[2J -> 没有找到 not found");
  await server.waitFor("Word:     -> 没有单词 no word");
  const long = "w".repeat(2_000);
  assert.equal(await lookUp(server, long), `没有找到：${"w".repeat(100)}… — Not found: ${"w".repeat(100)}…`);
  await server.waitFor(`Word: ${long} -> 没有找到 not found`);
  assert.equal(await lookUp(server, "apple"), "apple  n. fruit with red or yellow or green skin and sweet to tart crisp whitish flesh");
});

test("the client shows an answer's control characters escaped", async () => {
  const server = await wordServer();
  const client = await run("word_client", ["--port", String(server.port)], "\u001b]0;hi\u0007\n\n");
  assert.equal(client.stdout, "Word>>> 没有找到：\\x1b]0;hi\\x07 — Not found: \\x1b]0;hi\\x07\nWord>>> ");
});

test("several clients at once each get their own answers", async () => {
  const server = await wordServer();
  const words = ["apple", "network", "socket", "protocol", "computer"];
  const clients = await Promise.all(
    words.map((word) => run("word_client", ["--port", String(server.port)], `${word}\n${word.toUpperCase()}\nxyzzyq\n\n`)),
  );
  clients.forEach((client, i) => {
    const word = words[i] as string;
    const answers = client.stdout.split("Word>>> ").filter(Boolean);
    assert.equal(answers.length, 3);
    assert.ok(answers[0]?.startsWith(`${word}  `), answers[0]);
    assert.equal(answers[1], answers[0]);
    assert.equal(answers[2], "没有找到：xyzzyq — Not found: xyzzyq\n");
  });
});

test("--dict reads another word book", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dict-"));
  writeFileSync(join(dir, "mini.txt"), "\ufeffudp  a protocol of datagrams\r\ntcp  a protocol of byte streams\r\n");
  const server = await startServer("word_server", ["--dict", join(dir, "mini.txt")]);
  assert.match(server.stdout(), /2 words loaded/);
  assert.equal(await lookUp(server, "udp"), "udp  a protocol of datagrams");
  assert.equal(await lookUp(server, "network"), "没有找到：network — Not found: network");
});

test("a word book that cannot be read: one error line, exit code 1", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dict-"));
  const missing = await run("word_server", ["--port", "0", "--dict", join(dir, "nope.txt")]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, "");
  assert.equal(
    missing.stderr,
    `error: 读不了单词本 ${join(dir, "nope.txt")}：没有这个文件；用 --dict PATH 指定另一个 — cannot read the word book ${join(dir, "nope.txt")}: there is no such file; give another with --dict PATH\n`,
  );
  writeFileSync(join(dir, "blank.txt"), "\n \n");
  const blank = await run("word_server", ["--port", "0", "--dict", join(dir, "blank.txt")]);
  assert.equal(blank.code, 1);
  assert.match(blank.stderr, /^error: 单词本 .* 里没有词条.* — the word book .* has no entries/);
});

test("the word server's port already taken: exit code 1", async () => {
  const server = await wordServer();
  const second = await run("word_server", ["--port", String(server.port)]);
  assert.equal(second.code, 1);
  assert.equal(
    second.stderr,
    `error: 127.0.0.1:${server.port} 已被占用：是不是还有一个服务端在运行？换一个端口试试：--port 9999 — 127.0.0.1:${server.port} is already in use: is another server running? try --port 9999\n`,
  );
});

test("Ctrl-C ends the word server with exit code 0", async () => {
  const server = await startServer("word_server");
  assert.equal(await server.stop(), 0);
  assert.match(server.stdout(), /server closed\n$/);
});

test("the word client with no server says so and carries on", async () => {
  const client = await run("word_client", ["--port", "9", "--timeout", "0.2"], "network\n");
  assert.equal(client.code, 0);
  assert.equal(
    client.stdout,
    "Word>>> 0.2 秒内没有收到 127.0.0.1:9 的回复：数据报或者它的回复丢失了，或者那个地址上没有服务端在运行。 — No reply from 127.0.0.1:9 within 0.2 s: the datagram or its reply was lost, or no server is running at that address.\nWord>>> \n",
  );
});

test("nc -u looks a word up; the server's log shows the newline nc sent", async () => {
  const server = await wordServer();
  const { $ } = await import("zx");
  const reply = await $({ input: "socket\n", timeout: 10_000 })`nc -u -w 1 127.0.0.1 ${server.port}`.nothrow();
  assert.match(reply.stdout, /^socket {2}n\. a bony hollow/);
  await server.waitFor("Word: socket\\n -> 找到了 found");
});

test("a word too large for a datagram is refused; Ctrl-C ends the word client with exit code 0", async () => {
  const server = await wordServer();
  const client = start("word_client", ["--port", String(server.port)]);
  client.write(`${"x".repeat(66_000)}\napple\n`);
  await client.waitFor("apple  n. fruit");
  assert.match(
    client.stdout(),
    /^Word>>> 这条消息有 66000 字节.* — That message is 66000 bytes; one UDP datagram holds at most 65507\. Send it in parts\.\n/,
  );
  assert.equal(await client.stop("SIGINT"), 0);
  assert.equal(client.stderr(), "");
});

test("a Python client looks a word up, as in the course", async () => {
  const server = await wordServer();
  const printed = await python(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"apple", ("127.0.0.1", ${server.port}))
data, addr = s.recvfrom(1024)
print(data.decode())
`);
  assert.equal(printed, "apple  n. fruit with red or yellow or green skin and sweet to tart crisp whitish flesh\n");
});

test.run();
