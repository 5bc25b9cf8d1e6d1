import assert from "node:assert/strict";
import dgram from "node:dgram";
import { test } from "uvu";
import { ask, python, run, type Server, start, startServer, stopAll } from "./helpers.ts";

// One server for the tests that only send to it; tests that stop a server
// start their own. Messages are unique per test, so each finds its own lines.
let shared: Server | undefined;
test.before(async () => {
  shared = await startServer("udp_server", [], true);
});
test.after.each(stopAll);
test.after(async () => {
  await shared?.stop();
});

async function udpServer(): Promise<Server> {
  if (shared === undefined) throw new Error("the shared server did not start");
  return shared;
}

test("the server announces the port it really bound", async () => {
  const { host, port, stdout } = await udpServer();
  assert.equal(host, "127.0.0.1");
  assert.ok(port > 0 && port < 65536);
  assert.match(stdout().split("\n")[0] as string, /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(UDP\)$/);
});

test("the course's exchange: the client sends, the server prints and replies Thanks", async () => {
  const { port, waitFor } = await udpServer();
  const client = await run("udp_client", ["--port", String(port)], "hello\nhow are you\n\n");
  assert.equal(client.code, 0);
  assert.equal(client.stderr, "");
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> Response: Thanks\nMsg>>> ");
  await waitFor("Msg: how are you");
  assert.match(shared?.stdout() ?? "", /From client 127\.0\.0\.1:\d+, Msg: hello\nFrom client 127\.0\.0\.1:\d+, Msg: how are you\n/);
});

test("the end of input quits the client like an empty line, and ends the line", async () => {
  const { port } = await udpServer();
  const client = await run("udp_client", ["--port", String(port)], "one\n");
  assert.equal(client.code, 0);
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> \n");
  const empty = await run("udp_client", ["--port", String(port)], "");
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout, "Msg>>> \n");
});

test("Chinese text travels both ways as UTF-8", async () => {
  const { port, waitFor } = await udpServer();
  const client = await run("udp_client", ["--port", String(port)], "你好，服务器\n\n");
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> ");
  await waitFor("Msg: 你好，服务器");
  const bytes = await ask(port, Buffer.from("你好，世界", "utf8"));
  assert.equal(bytes?.toString("utf8"), "Thanks");
  await waitFor("Msg: 你好，世界");
});

test("the client shows a Chinese reply from a Python server", async () => {
  const peer = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => peer.bind(0, "127.0.0.1", resolve));
  peer.on("message", (data, from) => peer.send(Buffer.from(`收到：${data.toString("utf8")}`, "utf8"), from.port, from.address));
  try {
    const client = await run("udp_client", ["--port", String(peer.address().port)], "你好\n\n");
    assert.equal(client.stdout, "Msg>>> Response: 收到：你好\nMsg>>> ");
  } finally {
    peer.close();
  }
});

test("an empty datagram is shown and answered", async () => {
  const { port, waitFor } = await udpServer();
  assert.equal((await ask(port, new Uint8Array()))?.toString(), "Thanks");
  const line = await waitFor(/Msg: ?$/);
  assert.match(line, /^From client 127\.0\.0\.1:\d+, Msg: $/);
});

test("a 60 kB datagram arrives whole, where recvfrom(1024) would cut it", async () => {
  const { port, waitFor } = await udpServer();
  const big = `${"a".repeat(59_999)}z`;
  assert.equal((await ask(port, big))?.toString(), "Thanks");
  const line = await waitFor("Msg: aaa");
  assert.equal(line.length, line.indexOf("Msg: ") + 5 + 60_000);
  assert.ok(line.endsWith("az"));
});

test("invalid UTF-8 is shown as \\xNN and the server keeps serving", async () => {
  const { port, waitFor } = await udpServer();
  assert.equal((await ask(port, Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0xc3])))?.toString(), "Thanks");
  await waitFor("Msg: bad\\xff\\xfe\\xc3");
  assert.equal((await ask(port, "still here"))?.toString(), "Thanks");
  await waitFor("Msg: still here");
});

test("terminal escape sequences are shown escaped, never sent to the terminal", async () => {
  const { port, waitFor, stdout } = await udpServer();
  await ask(port, "\x1b]0;owned\x07\x1b[2J\rline\nbreak");
  await waitFor("owned");
  assert.match(stdout(), /Msg: \\x1b\]0;owned\\x07\\x1b\[2J\\rline\\nbreak\n/);
  assert.ok(!stdout().includes("\u001b"), "no raw escape character");
});

test("two clients at once each get their own replies", async () => {
  const { port, waitFor, stdout } = await udpServer();
  const lines = (who: string) => Array.from({ length: 20 }, (_, i) => `${who} ${i}`).join("\n");
  const [a, b] = await Promise.all([
    run("udp_client", ["--port", String(port)], `${lines("alice")}\n\n`),
    run("udp_client", ["--port", String(port)], `${lines("bob")}\n\n`),
  ]);
  for (const client of [a, b]) {
    assert.equal(client.code, 0);
    assert.equal(client.stdout, `${"Msg>>> Response: Thanks\n".repeat(20)}Msg>>> `);
  }
  await waitFor("alice 19");
  await waitFor("bob 19");
  const senders = new Map<string, Set<string>>();
  for (const [, from, who] of stdout().matchAll(/From client (127\.0\.0\.1:\d+), Msg: (alice|bob) \d+$/gm)) {
    senders.set(who as string, (senders.get(who as string) ?? new Set()).add(from as string));
  }
  assert.equal(senders.get("alice")?.size, 1);
  assert.equal(senders.get("bob")?.size, 1);
  assert.notDeepEqual(senders.get("alice"), senders.get("bob"), "two source ports");
});

test("a second server on the same port says so in one line and exits 1", async () => {
  const { port } = await udpServer();
  const second = await run("udp_server", ["--port", String(port)]);
  assert.equal(second.code, 1);
  assert.equal(second.stdout, "");
  assert.equal(
    second.stderr,
    `error: 127.0.0.1:${port} 已被占用：是不是还有一个服务端在运行？换一个端口试试：--port 9999 — 127.0.0.1:${port} is already in use: is another server running? try --port 9999\n`,
  );
});

test("Ctrl-C closes the server's socket and exits 0", async () => {
  const { port, stop, stdout } = await startServer("udp_server");
  assert.equal(await stop("SIGINT"), 0);
  assert.match(stdout(), /server closed\n$/);
  // The port is free again: a new server can take it at once.
  const again = await startServer("udp_server", ["--port", String(port)]).catch((err: Error) => err);
  assert.ok(!(again instanceof Error), String(again));
});

test("SIGTERM ends the server with exit code 0", async () => {
  const { stop } = await startServer("udp_server");
  assert.equal(await stop("SIGTERM"), 0);
});

test("the client with no server says so, prompts again and does not hang", async () => {
  const free = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => free.bind(0, "127.0.0.1", resolve));
  const port = free.address().port;
  free.close(); // nobody listens there now
  const started = Date.now();
  const client = await run("udp_client", ["--port", String(port), "--timeout", "0.3"], "anyone?\nhello?\n\n");
  assert.equal(client.code, 0);
  const notice = `0.3 秒内没有收到 127.0.0.1:${port} 的回复：数据报或者它的回复丢失了，或者那个地址上没有服务端在运行。 — No reply from 127.0.0.1:${port} within 0.3 s: the datagram or its reply was lost, or no server is running at that address.\n`;
  assert.equal(client.stdout, `Msg>>> ${notice}Msg>>> ${notice}Msg>>> `);
  assert.ok(Date.now() - started < 10_000);
});

test("a message too large for one datagram is refused and the client carries on", async () => {
  const { port, waitFor } = await udpServer();
  const client = await run("udp_client", ["--port", String(port)], `${"x".repeat(70_000)}\nsmall\n\n`);
  assert.equal(client.code, 0);
  assert.equal(
    client.stdout,
    "Msg>>> 这条消息有 70000 字节，一个 UDP 数据报最多只能装 65507 字节：请分几次发送。 — That message is 70000 bytes; one UDP datagram holds at most 65507. Send it in parts.\nMsg>>> Response: Thanks\nMsg>>> ",
  );
  await waitFor("Msg: small");
  assert.doesNotMatch(shared?.stdout() ?? "", /xxxx/);
});

test("the largest datagram, 65,507 bytes, goes through", async () => {
  const { port, waitFor } = await udpServer();
  const client = await run("udp_client", ["--port", String(port)], `${"y".repeat(65_507)}\n\n`);
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> ");
  await waitFor("Msg: yyy");
});

test("Python's socket module talks to the server, as in the course", async () => {
  const { port, waitFor } = await udpServer();
  const printed = await python(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto("你好 from Python".encode(), ("127.0.0.1", ${port}))
data, addr = s.recvfrom(1024)
print(data.decode(), addr[1] == ${port})
s.close()
`);
  assert.equal(printed, "Thanks True\n");
  await waitFor("Msg: 你好 from Python");
});

test("the client talks to a Python server from the course", async () => {
  const pyServer = startPython(`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print("listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
for _ in range(2):
    data, addr = s.recvfrom(1024)
    s.sendto(("echo: " + data.decode()).encode(), addr)
`);
  const port = await pyServer.port;
  const client = await run("udp_client", ["--port", String(port)], "ping\npong\n\n");
  assert.equal(client.stdout, "Msg>>> Response: echo: ping\nMsg>>> Response: echo: pong\nMsg>>> ");
  await pyServer.done;
});

test("nc -u talks to the server", async () => {
  const { port, waitFor } = await udpServer();
  const { $ } = await import("zx");
  const reply = await $({ input: "from netcat\n", timeout: 10_000 })`nc -u -w 1 127.0.0.1 ${port}`.nothrow();
  assert.equal(reply.stdout, "Thanks");
  await waitFor("Msg: from netcat\\n");
});

test("IPv6: --host ::1 binds udp6", async () => {
  const server = await startServer("udp_server", ["--host", "::1"]);
  assert.match(server.stdout(), /^正在监听 .* — listening on \[::1\]:\d+ \(UDP\)/);
  const client = await run("udp_client", ["--host", "::1", "--port", String(server.port)], "v6\n\n");
  assert.equal(client.stdout, "Msg>>> Response: Thanks\nMsg>>> ");
  await server.waitFor(/From client \[::1\]:\d+, Msg: v6/);
});

test("Ctrl-C at the client's prompt closes it with exit code 0", async () => {
  const { port } = await udpServer();
  const client = start("udp_client", ["--port", String(port)]);
  client.write("first\n");
  await client.waitFor("Response: Thanks");
  assert.equal(await client.stop("SIGINT"), 0);
  assert.equal(client.stderr(), "");
});

test("Ctrl-C while the client waits for a reply ends it at once", async () => {
  const silent = dgram.createSocket("udp4"); // receives, never answers
  await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
  const heard = new Promise((resolve) => silent.once("message", resolve));
  try {
    const client = start("udp_client", ["--port", String(silent.address().port), "--timeout", "60"]);
    client.write("hello?\n");
    await heard;
    const started = Date.now();
    assert.equal(await client.stop("SIGINT"), 0);
    assert.ok(Date.now() - started < 5_000, "did not wait out the 60 s timeout");
    assert.doesNotMatch(client.stdout(), /No reply/);
  } finally {
    silent.close();
  }
});

test("in a terminal: type a line, read the reply, Ctrl-C quits with exit code 0", async () => {
  const { port } = await udpServer();
  // Python's pty module gives the client a real terminal, where Ctrl-C is a keystroke.
  const printed = await python(`
import os, pty, select, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp("node", ["node", "--import", "tsx", "scripts/udp_client.ts", "--port", "${port}"])
seen = b""
def wait_for(text, times=1, limit=8):
    global seen
    end = time.time() + limit
    while seen.count(text) < times and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            seen += os.read(fd, 4096)
wait_for(b"Msg>>> ")
os.write(fd, "终端你好\\r".encode())
wait_for(b"Response: Thanks")
print("reply" if b"Response: Thanks" in seen else "no reply")
wait_for(b"Msg>>> ", times=2)
os.write(fd, b"\\x03")
_, status = os.waitpid(pid, 0)
print("exit", os.waitstatus_to_exitcode(status))
`);
  assert.equal(printed, "reply\nexit 0\n");
});

function startPython(program: string) {
  let resolvePort: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  const done = (async () => {
    const { $ } = await import("zx");
    const child = $({ timeout: 15_000 })`python3 -u -c ${program}`;
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(chunk.toString());
      if (match) resolvePort(Number(match[1]));
    });
    await child;
  })();
  return { port, done };
}

test.run();
