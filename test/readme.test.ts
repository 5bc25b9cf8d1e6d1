/**
 * Keeps the README's "what you will see" blocks true, as Go's testable
 * examples do: every ```console block is preceded by `<!-- example: NAME -->`,
 * and the example of that name below runs the commands for real and
 * compares the output, line by line. What varies from run to run (ports,
 * dates, lengths, curl's version) is masked on both sides, and a line `...`
 * in the README stands for any number of lines.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import { $ } from "zx";
import { eventually, matches, normalize, pool, READMES, ROOT, readmeBlocks, run, type Server, startServer, stopAll } from "./helpers.ts";

// The examples run a few at a time (each on ports of its own), so that the slow
// ones wait side by side; every process still running is stopped at the end.
test.after(stopAll);

/** What a client's session looks like in a terminal: each typed line after its prompt. */
function transcript(command: string, stdout: string, prompt: string, lines: string[]): string {
  let next = 0;
  return `$ ${command}\n${stdout.replaceAll(prompt, () => `${prompt}${lines[next++] ?? ""}\n`)}`;
}

/** A server's terminal after Ctrl-C: the ^C the terminal echoes, and on the same line what the server printed. */
async function afterCtrlC(command: string, server: Server): Promise<string> {
  const before = server.stdout();
  assert.equal(await server.stop(), 0);
  return `$ ${command}\n${before}^C${server.stdout().slice(before.length)}`;
}

/** A UDP port that no socket holds just now. */
async function freeUdpPort(): Promise<number> {
  const probe = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(resolve));
  return port;
}

/** The README's relay run, shared by its two examples: a server, the relay with --loss 0.5 --seed 5, four lines from the client. */
let relayRun: Promise<{ relay: Server; client: string }> | undefined;
const lossyRelay = () => {
  relayRun ??= runLossyRelay();
  return relayRun;
};
async function runLossyRelay(): Promise<{ relay: Server; client: string }> {
  const server = await startServer("udp_server");
  const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, "--loss", "0.5", "--seed", "5"]);
  const lines = ["one", "two", "three", "four", ""];
  const { stdout } = await run("udp_client", ["--port", String(relay.port), "--timeout", "1"], `${lines.join("\n")}\n`);
  await eventually(() => relay.stdout().match(/ (passed|dropped)\n/g)?.length === 7, "the relay logged all seven datagrams");
  return { relay, client: transcript(`npx tsx scripts/udp_client.ts --port 9999 --timeout 1`, stdout, "Msg>>> ", lines) };
}

/** The diagrams wire.ts saved in the examples that run it, by example: the READMEs' mermaid blocks are compared with them. */
const diagrams = new Map<string, string>();

/** The client the READMEs run through wire.ts --tcp: three sends, read as one when the reader is slow. */
const THREE_SENDS = `from socket import *
s = socket(AF_INET, SOCK_STREAM)
s.connect(('127.0.0.1', 9999))
for part in (b'GET / HTTP/1.1\\r\\n', b'Host: 127.0.0.1\\r\\n', b'Connection: close\\r\\n\\r\\n'):
    s.send(part)
while s.recv(65536):
    pass
s.close()`;

/** wire.ts in front of a lesson server, driven by `drive`, stopped with Ctrl-C: its terminal, and the diagram it saved. */
async function wireExample(name: string, server: Server, args: string[], shown: string, drive: (port: number) => Promise<unknown>) {
  const saved = join(ROOT, "test-output", `readme-${name}.md`);
  const wire = await startServer("wire", ["--to", `127.0.0.1:${server.port}`, ...args, "--save", saved]);
  await drive(wire.port);
  const terminal = await afterCtrlC(shown, wire);
  diagrams.set(name, readFileSync(saved, "utf8"));
  return terminal.replaceAll(saved, "wire.md");
}

const examples: Record<string, () => Promise<string>> = {
  async "wire-udp"() {
    const server = await startServer("udp_server");
    const lines = ["one", "two", "three", "four", ""];
    return wireExample(
      "wire-udp",
      server,
      ["--loss", "0.5", "--seed", "5"],
      "npx tsx scripts/wire.ts --to 127.0.0.1:8888 --loss 0.5 --seed 5 --save wire.md",
      (port) => run("udp_client", ["--port", String(port), "--timeout", "1"], `${lines.join("\n")}\n`),
    );
  },
  async "wire-tcp"() {
    const server = await startServer("http_keep_alive");
    return wireExample(
      "wire-tcp",
      server,
      ["--tcp", "--delay", "100"],
      "npx tsx scripts/wire.ts --tcp --delay 100 --to 127.0.0.1:8888 --save wire.md",
      (port) => $({ cwd: ROOT })`python3 -c ${THREE_SENDS.replace("9999", String(port))}`,
    );
  },
  async "udp-server"() {
    const server = await startServer("udp_server");
    await run("udp_client", ["--port", String(server.port)], "hello\n你好\n\n");
    return afterCtrlC("npx tsx scripts/udp_server.ts", server);
  },
  async "udp-client"() {
    const server = await startServer("udp_server");
    const lines = ["hello", "你好", ""];
    const { stdout } = await run("udp_client", ["--port", String(server.port)], `${lines.join("\n")}\n`);
    return transcript("npx tsx scripts/udp_client.ts", stdout, "Msg>>> ", lines);
  },
  async "udp-no-server"() {
    const lines = ["anyone there?", ""];
    // A port held by a socket that never answers, so that no other example's server can take it meanwhile.
    const silent = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    const { stdout } = await run("udp_client", ["--port", String(silent.address().port), "--timeout", "1"], `${lines.join("\n")}\n`);
    silent.close();
    return transcript("npx tsx scripts/udp_client.ts --timeout 1", stdout, "Msg>>> ", lines);
  },
  async "udp-port-taken"() {
    const server = await startServer("udp_server");
    const second = await run("udp_server", ["--port", String(server.port)]);
    assert.equal(second.code, 1);
    return `$ npx tsx scripts/udp_server.ts\n${second.stdout}${second.stderr}`;
  },
  async "udp-relay"() {
    const { relay } = await lossyRelay();
    return afterCtrlC("npx tsx scripts/udp_relay.ts --port 9999 --to 127.0.0.1:8888 --loss 0.5 --seed 5", relay);
  },
  async "udp-relay-client"() {
    return (await lossyRelay()).client;
  },
  async "course-client-stuck"() {
    const server = await startServer("udp_server");
    // The same relay as the udp-relay example: its seed drops the second datagram, "two".
    const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, "--loss", "0.5", "--seed", "5"]);
    const course = spawn("python3", ["-u", "exercises/udp-client/solution.py", String(relay.port)], { cwd: ROOT });
    let printed = "";
    course.stdout.on("data", (chunk) => {
      printed += chunk;
    });
    course.stdin.write("one\ntwo\nthree\n\n");
    await relay.waitFor('"two": 丢掉 dropped');
    course.kill("SIGKILL");
    await once(course, "close");
    return transcript("python3 exercises/udp-client/solution.py 9999", printed, "Msg>>> ", ["one", "two", "three", ""]);
  },
  async "udp-ping"() {
    const server = await startServer("udp_server");
    const relay = await startServer("udp_relay", ["--to", `127.0.0.1:${server.port}`, "--loss", "0.3", "--seed", "5"]);
    const { stdout } = await run("udp_ping", ["--port", String(relay.port), "--count", "5", "--timeout", "0.5"]);
    return `$ npx tsx scripts/udp_ping.ts --port 9999 --count 5 --timeout 0.5\n${stdout}`;
  },
  async "check-udp-server"() {
    const port = await freeUdpPort();
    const { stdout } = await $({
      cwd: ROOT,
      nothrow: true,
    })`node --import tsx check/check.ts udp-server --port ${port} -- python3 exercises/udp-server/solution.py ${port}`;
    return `$ npm run check -- udp-server --port 9000 -- python3 exercises/udp-server/solution.py 9000\n${stdout}`;
  },
  async "word-server"() {
    const server = await startServer("word_server");
    await run("word_client", ["--port", String(server.port)], "network\nxyzzyq\n\n");
    return afterCtrlC("npx tsx scripts/word_server.ts", server);
  },
  async "word-client"() {
    const server = await startServer("word_server");
    const lines = ["network", "xyzzyq", ""];
    const { stdout } = await run("word_client", ["--port", String(server.port)], `${lines.join("\n")}\n`);
    return transcript("npx tsx scripts/word_client.ts", stdout, "Word>>> ", lines);
  },
  async "tcp-vs-udp"() {
    const { stdout, code } = await run("tcp_vs_udp");
    assert.equal(code, 0);
    return `$ npx tsx scripts/tcp_vs_udp.ts\n${stdout}`;
  },
  async "http-show-request"() {
    const server = await startServer("http_show_request");
    await $`curl -s -o /dev/null http://127.0.0.1:${server.port}/`;
    assert.equal(await server.ended(), 0);
    return `$ npx tsx scripts/http_show_request.ts\n${server.stdout()}`;
  },
  async "http-home"() {
    const server = await startServer("http_home");
    await $`curl -s -o /dev/null http://127.0.0.1:${server.port}/`;
    await $`curl -s -o /dev/null http://127.0.0.1:${server.port}/nope`;
    return afterCtrlC("npx tsx scripts/http_home.ts", server);
  },
  async "http-keep-alive"() {
    const server = await startServer("http_keep_alive");
    await $`curl -s -o /dev/null -o /dev/null http://127.0.0.1:${server.port}/ http://127.0.0.1:${server.port}/home`;
    await server.waitFor('"GET /home HTTP/1.1" 301'); // its log is written in batches
    return afterCtrlC("npx tsx scripts/http_keep_alive.ts", server);
  },
  async "curl-v"() {
    const server = await startServer("http_home");
    const { stderr } = await $`curl -sv -o /dev/null http://127.0.0.1:${server.port}/`;
    return `$ curl -sv -o /dev/null http://127.0.0.1:8888/\n${stderr}`;
  },
};

/** Examples checked by another suite, which runs the same command anyway. */
const ELSEWHERE = new Set(["tour"]); // test/tour.test.ts

test("every console block in both READMEs names its example", () => {
  for (const file of READMES) {
    const blocks = readmeBlocks(file);
    assert.ok(blocks.length >= 10, file);
    for (const [block, name] of blocks) {
      assert.ok(name !== undefined, `${file}: a console block has no <!-- example: NAME --> before it:\n${block.slice(0, 200)}`);
      assert.ok(name in examples || ELSEWHERE.has(name), `${file}: no example is named ${name}`);
    }
  }
});

/** Each example's output, four examples running at a time, started as the suite starts. */
const names = Object.keys(examples);
const outputs = new Map(
  pool(names.map((name) => examples[name] as () => Promise<string>)).map((output, i) => [names[i] as string, output]),
);

for (const file of READMES) {
  for (const [, name, body] of readmeBlocks(file)) {
    if (name === undefined || !(name in examples)) continue;
    test(`${file} example ${name} is what the commands print`, async () => {
      const actual = normalize(await (outputs.get(name) as Promise<string>));
      const expected = normalize(body ?? "");
      assert.ok(matches(expected, actual), `${file} (expected):\n${expected.join("\n")}\n\nreal output:\n${actual.join("\n")}`);
    });
  }
}

test("each mermaid diagram a README shows from wire.ts is the one it saved in a real run", async () => {
  await Promise.all(outputs.values());
  const masked = (text: string) =>
    text
      .replace(/127\.0\.0\.1#58;\d+/g, "127.0.0.1#58;PORT")
      .replace(/\d+\.\d{3} s/g, "T s")
      .trim();
  for (const file of READMES) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const shown = [...text.matchAll(/<!-- mermaid: ([\w-]+) -->\n```mermaid\n([\s\S]*?)```/g)];
    assert.ok(shown.length >= 2, `${file} shows wire.ts's diagrams`);
    for (const [, name, body] of shown) {
      const saved = /```mermaid\n([\s\S]*?)```/.exec(diagrams.get(name as string) ?? "")?.[1] ?? "";
      assert.equal(masked(body as string), masked(saved), `${file}: the ${name} diagram`);
    }
  }
});

test("each program shown in a README is the file it names, as it is", () => {
  for (const file of READMES) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const shown = [...text.matchAll(/<!-- code: ([\w/.-]+) -->\n```\w+\n([\s\S]*?)```\n/g)];
    assert.ok(shown.length >= 10, file);
    for (const [, path, body] of shown) assert.equal(body, readFileSync(join(ROOT, path as string), "utf8"), `${file}: ${path}`);
  }
});

test("both READMEs have a section for every part of the course, and link to each other", () => {
  const sections = (file: string) =>
    readFileSync(join(ROOT, file), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("## "))
      .map((line) => /\d\.\d(?:–\d\.\d)?/.exec(line)?.[0])
      .filter((section) => section !== undefined);
  const [english, chinese] = READMES.map(sections);
  assert.ok((english?.length ?? 0) >= 6);
  assert.deepEqual(chinese, english);
  assert.match(readFileSync(join(ROOT, "README.md"), "utf8"), /\[中文\]\(README\.zh-CN\.md\)/);
  assert.match(readFileSync(join(ROOT, "README.zh-CN.md"), "utf8"), /\[English\]\(README\.md\)/);
});

test("the matcher fails on a changed line and on a missing line", () => {
  assert.equal(matches(["a", "...", "d"], ["a", "b", "c", "d"]), true);
  assert.equal(matches(["a", "...", "d"], ["a", "b", "c"]), false);
  assert.equal(matches(["a", "b"], ["a", "c"]), false);
  assert.equal(matches(["a", "b"], ["a"]), false);
});

test.run();
