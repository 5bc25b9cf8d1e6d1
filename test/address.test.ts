import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { DEFAULT_HOST, DEFAULT_PORT, formatAddress, udpType } from "../lib/address.ts";
import { explainSocketError } from "../lib/exits.ts";
import { MAX_UDP_PAYLOAD } from "../lib/reply.ts";
import { showText } from "../lib/safe_text.ts";
import { ROOT, run, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

test("the course's address is the default", () => {
  assert.equal(DEFAULT_HOST, "127.0.0.1");
  assert.equal(DEFAULT_PORT, 8888);
  assert.equal(MAX_UDP_PAYLOAD, 65_535 - 8 - 20);
});

test("--host takes an IPv6 address in brackets; --port a number with spaces around it", async () => {
  const server = await startServer("udp_server", ["--host", "[::1]", "--port", " 0 "]);
  assert.equal(server.host, "::1");
  assert.match(server.stdout(), /^正在监听 .* — listening on \[::1\]:\d+ \(UDP\)\n/);
});

test("formatAddress brackets IPv6 and udpType follows the address family", () => {
  assert.equal(formatAddress("127.0.0.1", 8888), "127.0.0.1:8888");
  assert.equal(formatAddress("::1", 8888), "[::1]:8888");
  assert.equal(udpType("::1"), "udp6");
  assert.equal(udpType("127.0.0.1"), "udp4");
  assert.equal(udpType("localhost"), "udp4");
});

test("showText keeps ordinary text, Chinese included", () => {
  assert.equal(showText("hello, world"), "hello, world");
  assert.equal(showText(Buffer.from("你好 😀", "utf8")), "你好 😀");
  assert.equal(showText(new Uint8Array()), "");
});

test("showText escapes control characters and the backslash", () => {
  assert.equal(showText("a\nb\r\tc\\"), "a\\nb\\r\\tc\\\\");
  assert.equal(showText("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\x07");
  assert.equal(showText("\x00\x7f\u0085"), "\\x00\\x7f\\x85");
});

test("showText escapes characters that reorder or hide text", () => {
  assert.equal(showText("abc\u202edef"), "abc\\u{202e}def");
  assert.equal(showText("\ufeffx\u2028y"), "\\u{feff}x\\u{2028}y");
  assert.equal(showText(Buffer.from([0xef, 0xbb, 0xbf, 0x78])), "\\u{feff}x", "a byte order mark sent as bytes");
  assert.equal(showText(Buffer.from("\u202e\u2066", "utf8")), "\\u{202e}\\u{2066}");
});

test("showText shows bytes that are not UTF-8 as \\xNN and keeps the rest", () => {
  assert.equal(showText(Buffer.from([0x68, 0xff, 0x69])), "h\\xffi");
  assert.equal(showText(Buffer.from([0xe4, 0xbd, 0xa0, 0xc3])), "你\\xc3");
  assert.equal(showText(Buffer.from([0xc0, 0xaf, 0x1b])), "\\xc0\\xaf\\x1b");
  assert.equal(showText(Buffer.from([0xed, 0xa0, 0x80])), "\\xed\\xa0\\x80"); // a lone surrogate
  assert.equal(showText(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f])), "😀\\xf0\\x9f");
  assert.equal(showText(Buffer.from([0xef, 0xbf, 0xbd, 0xff])), "\ufffd\\xff", "U+FFFD sent as itself stays; a bad byte is escaped");
  const pooled = Buffer.concat([Buffer.from("\x1b"), Buffer.from("ok")]);
  assert.equal(showText(pooled.subarray(1)), "ok", "a view of part of a buffer shows only its own bytes");
});

test("explainSocketError says what happened and what to do", () => {
  const error = (code: string) => Object.assign(new Error(code), { code });
  assert.match(
    explainSocketError(error("EADDRINUSE"), "127.0.0.1", 8888),
    /^127\.0\.0\.1:8888 已被占用：.* — 127\.0\.0\.1:8888 is already in use: .* try --port 9999$/,
  );
  assert.match(explainSocketError(error("EADDRINUSE"), "127.0.0.1", 9999), /try --port 9998$/);
  assert.match(explainSocketError(error("EACCES"), "127.0.0.1", 80), /below 1024/);
  assert.match(explainSocketError(error("EADDRNOTAVAIL"), "10.9.9.9", 1), /not an address of this machine/);
  assert.match(explainSocketError(error("ENOTFOUND"), "nosuch.invalid", 1), /cannot find the host nosuch\.invalid/);
  assert.match(explainSocketError(error("EAFNOSUPPORT"), "::1", 1), /address family/);
  assert.equal(explainSocketError(new Error("odd"), "::1", 1), "[::1]:1: odd");
});

const badUsage: [string, string[], RegExp][] = [
  ["a port above 65535", ["--port", "70000"], /port must be a whole number from 0 to 65535/],
  ["a port that is not a number", ["--port", "eighty"], /not "eighty"/],
  ["a host with a space", ["--host", "my host"], /host must be an address/],
  ["a host name that ends in a dash", ["--host", "local-"], /host must be an address/],
  ["an unknown flag", ["--prot", "8888"], /没有这个选项：--prot — there is no option --prot \(usage: /],
  ["a flag without its value", ["--port"], /--port 后面要跟一个值 — --port needs a value after it/],
  ["a stray word", ["eighty"], /多余的参数：eighty — an argument this script does not take: eighty \(usage: /],
  ["a number that is no port", ["123456"], /多余的参数：123456 — an argument this script does not take: 123456 \(usage: /],
  ["a port without --port", ["8888"], /多余的参数：8888；端口要写成 --port 8888 — .*; a port is given as --port 8888 \(usage: /],
  ["a value for a flag that takes none", ["--help=yes"], /--help 不带值 — --help takes no value/],
];
for (const [what, args, message] of badUsage) {
  test(`bad usage, ${what}: one error line and exit code 2`, async () => {
    const { code, stderr, stdout } = await run("udp_server", args);
    assert.equal(code, 2);
    assert.match(stderr, /^error: /);
    assert.match(stderr, message);
    assert.equal(stderr.trimEnd().split("\n").length, 1, "one line");
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    assert.equal(stdout, "");
  });
}

test("copy_lesson.ts, bad usage: one error line in both languages, exit code 2, nothing copied", async () => {
  for (const [args, message] of [
    [
      ["--lesson", "nope", "--into", "test-output/x"],
      /没有叫 "nope" 的课.* — there is no lesson called "nope": the lessons are http_home, /,
    ],
    [["--lesson", "tour", "--into", "test-output/x"], /there is no lesson called "tour"/],
    [["--lesson", "udp_server"], /--into names the folder for the copy/],
    [["--lesson", "udp_server", "--into", tmpdir()], /must be inside this project's folder/],
    [["--lesson", "udp_server", "--into", "test-output/x", "--port", "9"], /copy_lesson\.ts takes no --host or --port/],
  ] as const) {
    const { code, stderr, stdout } = await run("copy_lesson", [...args]);
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, message);
    assert.equal(stderr.trimEnd().split("\n").length, 1, "one line");
    assert.equal(stdout, "", "nothing copied");
  }
});

test("bad --timeout on the client: exit code 2", async () => {
  for (const args of [["--timeout=0"], ["--timeout=soon"], ["--timeout", "-1"]]) {
    const { code, stderr } = await run("udp_client", args, "");
    const value = args.join(" ");
    assert.equal(code, 2, value);
    assert.match(stderr, /^error: --timeout 要是大于 0、最多 3600 的秒数.* — --timeout takes a number of seconds/);
  }
});

for (const script of [
  "udp_server",
  "udp_client",
  "udp_relay",
  "udp_ping",
  "word_server",
  "word_client",
  "http_show_request",
  "http_home",
  "http_keep_alive",
  "tcp_vs_udp",
  "wire",
  "copy_lesson",
  "tour",
]) {
  test(`${script} --help: every flag with its meaning in English and Chinese, and an example; exit code 0; nothing else runs`, async () => {
    const { code, stdout } = await run(script, ["--help"]);
    assert.equal(code, 0);
    const usage = /^usage: (.*)$/m.exec(stdout)?.[1] ?? "";
    assert.ok(usage === `${script}.ts` || usage.startsWith(`${script}.ts `), stdout);
    assert.doesNotMatch(stdout, /listening on|Message boundaries/, "--help only prints the help");
    for (const [flag] of usage.matchAll(/--[a-z]+(?: [A-Z:]+)?/g)) {
      assert.match(stdout, new RegExp(`\\n  ${flag} +.*[\\u4e00-\\u9fff].*\\n +[a-z]`), `${flag} is described in Chinese, then English`);
    }
    assert.match(stdout, new RegExp(`\\nexample 例子: npx tsx scripts/${script}\\.ts( |\\n)`));
  });
}

test("every message in lib/messages.json has Chinese and English, the English naming every {N} the Chinese names, and every say() names one", () => {
  const messages: Record<string, { zh: string; en: string }> = JSON.parse(readFileSync(join(ROOT, "lib", "messages.json"), "utf8"));
  const places = (text: string) => [...text.matchAll(/\{(\d)\}/g)].map((m) => m[1]);
  for (const [key, { zh, en }] of Object.entries(messages)) {
    assert.match(zh, /[\u4e00-\u9fff]/, `${key} in Chinese`);
    assert.match(en, /[A-Za-z]{2}/, `${key} in English`);
    assert.ok(
      places(zh).every((place) => places(en).includes(place)),
      `${key}: what the Chinese names, the English names too`,
    );
  }
  for (const folder of ["scripts", "lib"]) {
    for (const file of readdirSync(join(ROOT, folder)).filter((name) => name.endsWith(".ts"))) {
      const text = readFileSync(join(ROOT, folder, file), "utf8");
      for (const [, key] of text.matchAll(/\b(?:say|sayOnTwoLines|phrase)\("([^"]+)"/g))
        assert.ok(key && key in messages, `${folder}/${file}: ${key}`);
    }
  }
});

test("PORT and HOST come from the environment when no flag is given", async () => {
  const { code, stderr } = await run("udp_server", [], "", 10_000, { PORT: "123456" });
  assert.equal(code, 2);
  assert.match(stderr, /not "123456"/);
  const host = await run("udp_server", [], "", 10_000, { HOST: "bad host!" });
  assert.equal(host.code, 2);
  assert.match(host.stderr, /not "bad host!"/);
});

test.run();
