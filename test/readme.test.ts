/**
 * Keeps the README's "what you will see" blocks true, as Go's testable
 * examples do: every ```console block is preceded by `<!-- example: NAME -->`,
 * and the example of that name below runs the commands for real and
 * compares the output, line by line. What varies from run to run (ports,
 * dates, lengths, curl's version) is masked on both sides, and a line `...`
 * in the README stands for any number of lines.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import { $ } from "zx";
import { ROOT, run, type Server, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

/** What a client's session looks like in a terminal: each typed line after its prompt. */
function transcript(command: string, stdout: string, prompt: string, lines: string[]): string {
  let next = 0;
  return `$ ${command}\n${stdout.replaceAll(prompt, () => `${prompt}${lines[next++] ?? ""}\n`)}`;
}

/** A server's terminal after Ctrl-C: the ^C the terminal echoes, then what the server printed. */
async function afterCtrlC(command: string, server: Server): Promise<string> {
  const before = server.stdout();
  assert.equal(await server.stop(), 0);
  return `$ ${command}\n${before}^C\n${server.stdout().slice(before.length)}`;
}

async function freePort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  socket.close();
  return port;
}

const examples: Record<string, () => Promise<string>> = {
  async tour() {
    const { stdout, code } = await run("tour", [], "", 60_000);
    assert.equal(code, 0);
    return `$ npm start\n${stdout}`;
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
    const { stdout } = await run("udp_client", ["--port", String(await freePort()), "--timeout", "1"], `${lines.join("\n")}\n`);
    return transcript("npx tsx scripts/udp_client.ts --timeout 1", stdout, "Msg>>> ", lines);
  },
  async "udp-port-taken"() {
    const server = await startServer("udp_server");
    const second = await run("udp_server", ["--port", String(server.port)]);
    assert.equal(second.code, 1);
    return `$ npx tsx scripts/udp_server.ts\n${second.stdout}${second.stderr}`;
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

/** Masks what varies from run to run, and trims line ends. */
function normalize(text: string): string[] {
  const lines = text
    .replace(/(127\.0\.0\.1|\[::1\]):\d+/g, "$1:PORT")
    .replace(/--port \d+/g, "--port PORT")
    .replace(/\b(date|Date): \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g, "$1: DATE")
    .replace(/\b(content-length|Content-Length): \d+/g, "$1: N")
    .replace(/\(\d+ bytes of HTML/g, "(N bytes of HTML")
    .replace(/curl\/[\d.]+/g, "curl/VERSION")
    .split("\n")
    .map((line) => line.trimEnd());
  while (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Whether the actual lines match the expected ones, where a line "..." stands for any lines. */
function matches(expected: string[], actual: string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [first, ...rest] = expected;
  if (first === "...") {
    for (let skip = 0; skip <= actual.length; skip++) if (matches(rest, actual.slice(skip))) return true;
    return false;
  }
  return actual.length > 0 && actual[0] === first && matches(rest, actual.slice(1));
}

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = [...readme.matchAll(/(?:<!-- example: ([\w-]+) -->\n)?```console\n([\s\S]*?)```/g)];

test("every console block in the README names its example", () => {
  assert.ok(blocks.length >= 10);
  for (const [block, name] of blocks) {
    assert.ok(name !== undefined, `a console block has no <!-- example: NAME --> before it:\n${block.slice(0, 200)}`);
    assert.ok(name in examples, `no example is named ${name}`);
  }
});

for (const [, name, body] of blocks) {
  if (name === undefined || !(name in examples)) continue;
  test(`README example ${name} is what the commands print`, async () => {
    const actual = normalize(await (examples[name] as () => Promise<string>)());
    const expected = normalize(body ?? "");
    assert.ok(matches(expected, actual), `README (expected):\n${expected.join("\n")}\n\nreal output:\n${actual.join("\n")}`);
  });
}

test("the matcher fails on a changed line and on a missing line", () => {
  assert.equal(matches(["a", "...", "d"], ["a", "b", "c", "d"]), true);
  assert.equal(matches(["a", "...", "d"], ["a", "b", "c"]), false);
  assert.equal(matches(["a", "b"], ["a", "c"]), false);
  assert.equal(matches(["a", "b"], ["a"]), false);
});

test.run();
