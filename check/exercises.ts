/**
 * What each exercise checks: the behaviour the course asks for, and nothing
 * stricter, so that the course's own programs pass. A check past the course
 * is marked `further`: reported, never required.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { showText } from "../lib/safe_text.ts";
import { loadWordBook, lookUp, type WordBook } from "../lib/words.ts";
import { launchBrowser } from "./browser.ts";
import {
  emptyConnection,
  exchangeHttp,
  type FakeServer,
  fakeServer,
  type HttpResponse,
  type Reply,
  readResponse,
  resettingRelay,
  until,
} from "./net.ts";
import { portInUse } from "./ports.ts";
import type { Program } from "./program.ts";

/** A message in Chinese and English. */
export type Words = [zh: string, en: string];

export interface Outcome {
  ok: boolean;
  /** Not checked, and why (no program was started, say). */
  skipped?: Words;
  sent?: string;
  got?: string;
  /** The likely mistake, and what to do. */
  why?: Words;
}

export interface Context {
  host: string;
  /** The course's program ends after one request (the exercise's endsAfterRequest). */
  endsAfterRequest?: boolean;
  port: number;
  dict: string;
  page: string;
  /** The learner's program, when the checker started it; `restart` starts it again. */
  program?: Program;
  restart?: () => Promise<Program | undefined>;
  /** What to close when the checks are done. */
  atEnd: (() => void)[];
  /** Sends a datagram to the server from a fresh socket; the first reply, or null once replyMs() passes. */
  ask(message: Buffer | string): Promise<Reply | null>;
  /** How long to wait for an answer: ten times the slowest round trip so far, from 1 s to 2 s. */
  replyMs(): number;
  /** Tells replyMs a round trip seen (a client's line typed, and its datagram come). */
  sawRoundTrip(ms: number): void;
}

export interface Check {
  name: Words;
  further?: boolean;
  /** Checked only when the exercise's first check passed: without it, this one cannot pass either. */
  afterFirst?: boolean;
  run(context: Context): Promise<Outcome>;
}

export interface Exercise {
  section: string;
  title: Words;
  /** A client: the checker plays the server, and needs the command. */
  client: boolean;
  /** How a server of this exercise is seen to be ready: the port it binds. */
  protocol: "udp" | "tcp";
  /** What to run to check the lesson of this exercise. */
  lesson: string;
  /** The course's program ends after one request: its checks start it again, and its end is no failure. */
  endsAfterRequest?: boolean;
  checks: Check[];
}

/** Bytes or text, shown safely and shortly. */
export function show(data: Buffer | string | undefined | null, max = 120): string {
  if (data === undefined || data === null) return "nothing";
  const text = showText(data);
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}

/** A word that no program prints by chance. */
const token = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;

const pass = (): Outcome => ({ ok: true });
const fail = (why: Words, sent?: string, got?: string): Outcome => ({ ok: false, why, sent, got });
const skip = (why: Words): Outcome => ({ ok: true, skipped: why });
const NO_PROGRAM: Words = ["检查器没有启动你的程序，看不到它的输出", "the checker did not start your program, so it cannot see its output"];

/** What the program printed since `from`, for a message. */
const printed = (program: Program, from = 0) => show(program.output().slice(from), 200);

const noReply = (host: string, port: number, ms: number): Words => [
  `${ms / 1000} 秒内没有回复：服务端是否用 recvfrom 收到了数据报，并把回复 sendto 给了客户端的地址 (addr)？它应该在 ${host}:${port} 上监听`,
  `no reply within ${ms / 1000} s: did the server receive the datagram with recvfrom, and sendto its reply to the client's address (addr)? It should listen on ${host}:${port}`,
];

// UDP server (1.1) --------------------------------------------------------

const udpServerChecks: Check[] = [
  {
    name: ["回复每个数据报", "answers a datagram"],
    async run({ host, port, ask, replyMs }) {
      const message = token("hello");
      const reply = await ask(message);
      if (reply === null) return fail(noReply(host, port, replyMs()), `${show(message)} 发往 to ${host}:${port}`, "没有回复 no reply");
      return pass();
    },
  },
  {
    name: ["把回复发回客户端的地址", "replies from the address the client sent to"],
    afterFirst: true,
    async run({ host, port, ask, replyMs }) {
      const reply = await ask(token("where"));
      if (reply === null) return fail(noReply(host, port, replyMs()));
      if (reply.from.port !== port) {
        return fail(
          [
            "回复来自另一个端口：请用收到消息的同一个套接字 sendto",
            "the reply came from another port: sendto with the same socket that received the message",
          ],
          `发往端口 ${port} 的一个数据报 a datagram to port ${port}`,
          `来自端口 ${reply.from.port} 的回复 a reply from port ${reply.from.port}`,
        );
      }
      return pass();
    },
  },
  {
    name: ["打印收到的每条消息", "prints each message it receives"],
    afterFirst: true,
    async run({ ask, replyMs, program }) {
      if (program === undefined) return skip(NO_PROGRAM);
      const message = token("print-me");
      const from = program.output().length;
      await ask(message);
      if (await program.waitForOutput((output) => output.slice(from).includes(message), replyMs())) return pass();
      return fail(
        ["服务端没有打印收到的消息：recvfrom 之后用 print 输出它", "the server did not print the message: print it after recvfrom"],
        show(message),
        `它打印了 it printed ${printed(program, from)}`,
      );
    },
  },
  {
    name: ["收到空数据报后照常工作", "goes on after an empty datagram"],
    afterFirst: true,
    async run({ ask }) {
      await ask(Buffer.alloc(0));
      const after = await ask(token("after-empty"));
      if (after !== null) return pass();
      return fail(
        [
          "空数据报之后服务端不再回复：它是否因此出错退出了？",
          "after an empty datagram the server no longer answers: did it fail and end?",
        ],
        '"" (an empty datagram), then another message',
        "第二个没有回复 no reply to the second",
      );
    },
  },
  {
    name: ["同时有几个客户端时，每个都得到回复", "several clients at once each get their reply"],
    afterFirst: true,
    async run({ ask }) {
      const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => ask(token(`client${i}`))));
      const missing = replies.filter((reply) => reply === null).length;
      if (missing === 0) return pass();
      return fail(
        [
          "有的客户端没有收到回复：回复要发给 recvfrom 返回的那个地址",
          "some clients got no reply: send each reply to the address recvfrom returned with its datagram",
        ],
        "5 datagrams from 5 sockets at once",
        `${missing} got no reply`,
      );
    },
  },
  {
    name: ["收到不是 UTF-8 的 2,000 字节后照常工作", "goes on after 2,000 bytes that are not UTF-8"],
    afterFirst: true,
    further: true,
    async run({ ask }) {
      await ask(Buffer.alloc(2000, 0xff));
      if ((await ask(token("after-binary"))) !== null) return pass();
      return fail(
        [
          "data.decode() 遇到不是 UTF-8 的字节会出错：可以用 data.decode(errors='replace')，或捕获 UnicodeDecodeError",
          "data.decode() fails on bytes that are not UTF-8: use data.decode(errors='replace'), or catch UnicodeDecodeError",
        ],
        "2,000 个 0xff 字节，然后一条消息 2,000 bytes of 0xff, then a message",
        "这条消息没有回复 no reply to the message",
      );
    },
  },
];

// UDP client (1.2) and word client (1.5) ----------------------------------

/**
 * Plays the server for a client: waits for its prompt, types a line, checks
 * the datagram, replies, and checks what the client printed.
 */
function clientChecks(kind: "udp" | "word"): Check[] {
  const line = kind === "udp" ? "hello from the checker" : "network";
  const answer = () => (kind === "udp" ? token("Thanks") : `network  n. ${token("an interconnected system")}`);
  const printedAnswer = (output: string, reply: string) =>
    kind === "udp" ? new RegExp(`Response:\\s*${reply}`).test(output) : output.includes(reply);
  /** The checker's server for each run, from the first check to the second. */
  const servers = new WeakMap<Context, FakeServer>();
  return [
    {
      name: ["提示输入，把一行作为一个数据报发给服务端", "prompts, and sends a line as one datagram to the server"],
      async run(context) {
        const { host, port, restart } = context;
        if (restart === undefined) return skip(NO_PROGRAM);
        let server: FakeServer;
        try {
          server = await fakeServer(host, port);
          servers.set(context, server);
          context.atEnd.push(() => server.close());
        } catch (err) {
          return fail(
            ["端口已被占用：是否还有别的服务端在运行？先停掉它", "the port is in use: is another server running? stop it first"],
            `绑定 bind ${host}:${port}`,
            (err as Error).message,
          );
        }
        const client = await restart();
        if (client === undefined) return skip(NO_PROGRAM);
        if (!(await client.waitForOutput((output) => output.length > 0, 20_000))) {
          return fail(["程序没有显示提示就等待输入，或者已经退出", "the program showed no prompt, or ended"], undefined, printed(client));
        }
        const typed = performance.now();
        client.type(line);
        const datagram = await server.next(5_000);
        if (datagram) context.sawRoundTrip(performance.now() - typed);
        if (datagram === null) {
          return fail(
            [
              "服务端没有收到数据报：客户端是否把这一行 sendto 给了 ADDR？",
              "the server got no datagram: did the client sendto the line to ADDR?",
            ],
            `输入了 typed ${show(line)}`,
            `${host}:${port} 什么也没收到，程序打印了 nothing at ${host}:${port}; the program printed ${printed(client)}`,
          );
        }
        if (datagram.data.toString("utf8") !== line) {
          return fail(
            [
              "数据报的内容不是输入的那一行：发送 msg.encode()，不带换行",
              "the datagram is not the line typed: send msg.encode(), without the newline",
            ],
            `输入了 typed ${show(line)}`,
            `一个数据报 a datagram ${show(datagram.data)}`,
          );
        }
        const reply = answer();
        const from = client.output().length;
        server.send(reply, datagram.from);
        if (await client.waitForOutput((output) => printedAnswer(output.slice(from), reply), context.replyMs())) return pass();
        return fail(
          kind === "udp"
            ? [
                '客户端没有打印回复：recvfrom 之后 print("Response:", data.decode())',
                'the client did not print the reply: after recvfrom, print("Response:", data.decode())',
              ]
            : [
                "客户端没有打印服务端的回答：recvfrom 之后 print(data.decode())",
                "the client did not print the server's answer: after recvfrom, print(data.decode())",
              ],
          `回复 the reply ${show(reply)}`,
          `它打印了 it printed ${printed(client, from)}`,
        );
      },
    },
    {
      name: ["输入空行就退出", "quits on an empty line"],
      async run(context) {
        const { program } = context;
        if (program === undefined || !servers.has(context)) return skip(NO_PROGRAM);
        program.type("");
        const ended = await program.waitForEnd(5_000);
        servers.get(context)?.close(); // the port is free again for the next check
        if (ended) return pass();
        return fail(
          ["输入空行后程序没有结束：if not msg: break", "the program did not end after an empty line: if not msg: break"],
          '"" (an empty line)',
          "它还在运行 it is still running",
        );
      },
    },
    ...(kind === "udp"
      ? [
          {
            name: ["回复一直不来时，过一段时间告诉用户并继续", "says so when a reply never comes, and goes on"] as Words,
            further: true,
            async run({ host, port, restart }: Context): Promise<Outcome> {
              if (restart === undefined) return skip(NO_PROGRAM);
              const silent = await fakeServer(host, port).catch(() => undefined);
              if (silent === undefined) return skip(["端口已被占用", "the port is in use"]);
              const client = await restart();
              try {
                if (client === undefined || !(await client.waitForOutput((output) => output.length > 0, 20_000))) return skip(NO_PROGRAM);
                // What it prints after the line is typed: measured from before, since on a busy machine the
                // client may say so before the checker has even seen the datagram.
                const from = client.output().length;
                client.type("is anyone there?");
                await silent.next(5_000); // and no reply
                // A client that says so after its own time limit (settimeout(2)), with room for a busy machine.
                if (await client.waitForOutput((output) => output.length > from, 6_000)) return pass();
                return fail(
                  [
                    "recvfrom 会一直等下去：用 settimeout(2) 设一个时限，捕获 socket.timeout 后告诉用户",
                    "recvfrom waits for ever: set a time limit with settimeout(2), catch socket.timeout and say so",
                  ],
                  "一行文字，没有回复 a line, and no reply",
                  "6 秒内什么也没打印 nothing printed for 6 s",
                );
              } finally {
                silent.close();
                await client?.stop();
              }
            },
          },
        ]
      : []),
  ];
}

// Word server (1.5) -------------------------------------------------------

/** The word book the server reads, loaded once for all the checks. */
const wordBooks = new Map<string, Promise<WordBook>>();
function wordBook(path: string): Promise<WordBook> {
  let book = wordBooks.get(path);
  if (book === undefined) {
    book = loadWordBook(path);
    wordBooks.set(path, book);
  }
  return book;
}

const wordServerChecks: Check[] = [
  {
    name: ["查到单词，回复它的解释", "answers a known word with its explanation"],
    async run({ host, port, dict, ask, replyMs }) {
      const book = await wordBook(dict);
      const entries = [...book.entries()];
      const [word, explanation] = entries[Math.floor(entries.length / 2)] ?? ["", ""];
      const reply = await ask(word);
      if (reply === null) return fail(noReply(host, port, replyMs()), show(word), "没有回复 no reply");
      if (reply.data.toString("utf8").includes(explanation)) return pass();
      return fail(
        [
          `回复里没有 ${word} 的解释：是否在单词本 (${dict}) 里找到了这一行？`,
          `the reply lacks the explanation of ${word}: did the server find its line in the word book (${dict})?`,
        ],
        show(word),
        show(reply.data),
      );
    },
  },
  {
    name: ["查不到的单词，回复说没有找到", "answers an unknown word, without an explanation"],
    async run({ dict, ask }) {
      const book = await wordBook(dict);
      const word = token("xyzzy");
      const reply = await ask(word);
      if (reply === null) {
        return fail(
          [
            "查不到的单词没有回复：找不到时也要 sendto 一个回复，客户端才不会一直等",
            "no reply for an unknown word: sendto a reply when it is not found too, or the client waits for ever",
          ],
          show(word),
          "没有回复 no reply",
        );
      }
      const text = reply.data.toString("utf8");
      const explanation = [...book.values()].find((value) => value.length > 12 && text.includes(value));
      if (explanation === undefined) return pass();
      return fail(["查不到的单词却回复了一个解释", "an unknown word got an explanation"], show(word), show(text));
    },
  },
  {
    name: ["大写和前后空格不影响查找", "finds a word in upper case or with spaces around it"],
    further: true,
    async run({ dict, ask }) {
      const book = await wordBook(dict);
      const word = [...book.keys()].find((key) => /^[a-z]{4,}$/.test(key) && lookUp(book, key.toUpperCase())?.word === key) ?? "network";
      const query = `  ${word.toUpperCase()} `;
      const reply = await ask(query);
      if (reply?.data.toString("utf8").includes(book.get(word) ?? "\u0000")) return pass();
      return fail(
        ["查找前先 strip() 并转成小写：word.strip().lower()", "strip and lower the word before looking it up: word.strip().lower()"],
        show(query),
        show(reply?.data),
      );
    },
  },
];

// HTTP: the request (2.3.4) -----------------------------------------------

const browserRequest = (path: string, host: string, port: number) =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: socket-lessons-check\r\nAccept: text/html\r\nAccept-Language: zh-CN,zh;q=0.9\r\n\r\n`;

/**
 * The program, running and listening: the one started, or a new start of it
 * when it has ended (the course's 2.3 program ends after one request).
 */
async function running(context: Context): Promise<Program | undefined> {
  const { program, port } = context;
  if (program === undefined) return undefined;
  await until(() => program.ended() !== undefined || portInUse("tcp", port) !== false, 3_000);
  if (program.ended() === undefined && portInUse("tcp", port) !== false) return program;
  await program.waitForEnd(3_000);
  return context.restart?.();
}

const ENDED_AFTER_ONE: Words = [
  "程序处理一个请求后就退出了，而且现在无法重新启动（端口还被刚才的连接占着）",
  "the program ended after one request, and cannot be started again just now (the port is still held by that connection)",
];

/**
 * Opens a connection that sends nothing and closes it, as a browser's spare one does, then asks
 * `answered` whether the server still answers a real request; a server that the empty connection ended
 * is told to look at recv's empty result.
 */
async function afterEmptyConnection(context: Context, answered: () => Promise<Outcome>): Promise<Outcome> {
  const { host, port } = context;
  const program = context.endsAfterRequest ? await running(context) : context.program;
  if (context.program !== undefined && program === undefined) return skip(ENDED_AFTER_ONE);
  if (program?.ended() || portInUse("tcp", port) === false)
    return { ok: false, skipped: ["你的程序已经不在监听了", "your program no longer listens"] };
  await emptyConnection(host, port, 2_000);
  const outcome = await answered();
  // No fixed wait on the way: only when the request after it got no answer is the program's end looked for.
  if (!outcome.ok && program && (await program.waitForEnd(context.replyMs()))) {
    const end = program.ended();
    const last = program.output().trim().split("\n").slice(-1)[0] ?? "";
    return fail(
      [
        "一个什么也没发送的连接让你的服务端退出了（浏览器常常多开一个这样的连接）：recv 返回 b'' 时，先用 if not request:（你收到的那个变量）关闭这个连接，再拆分请求",
        "a connection that sent nothing ended your server (browsers often open such a spare one): when recv returns b'', check `if not request:` (whatever your variable is called) and close that connection before splitting the request",
      ],
      "一个什么也没发就关闭的连接，然后一个请求 a connection opened and closed with nothing sent, then a request",
      `它退出了（退出码 ${end?.code ?? end?.signal}），打印了 it ended (exit code ${end?.code ?? end?.signal}); it printed ${show(last)}`,
    );
  }
  return outcome;
}

const EMPTY_CONNECTION: Words = ["浏览器的空连接之后照常工作", "goes on after a connection that sends nothing, as a browser's spare one"];

const showRequestChecks: Check[] = [
  {
    name: ["打印浏览器发来的请求行和请求头", "prints the request line and the headers a browser sends"],
    async run(context) {
      const { host, port, program } = context;
      const path = `/${token("check")}`;
      const from = program?.output().length ?? 0;
      const reply = await exchangeHttp(host, port, browserRequest(path, host, port), 3_000);
      if (reply.error) {
        return fail(
          ["连接不上服务端：它是否在这个地址上 listen？", "cannot connect: does the server listen at this address?"],
          `连接 connect to ${host}:${port}`,
          reply.error,
        );
      }
      if (program === undefined) return skip(NO_PROGRAM);
      const lines = [`GET ${path} HTTP/1.1`, "User-Agent: socket-lessons-check", "Accept-Language: zh-CN,zh;q=0.9"];
      if (await program.waitForOutput((output) => lines.every((line) => output.slice(from).includes(line)), 3_000)) return pass();
      return fail(
        ["没有打印收到的请求：recv 之后 print(data.decode())", "the request was not printed: after recv, print(data.decode())"],
        show(browserRequest(path, host, port)),
        `它打印了 it printed ${printed(program, from)}`,
      );
    },
  },
  {
    name: EMPTY_CONNECTION,
    further: true, // the course's 2.3 program accepts one connection: the empty one uses it up
    async run(context) {
      return afterEmptyConnection(context, async () => {
        const { host, port, program } = context;
        const path = `/${token("after-empty")}`;
        const from = program?.output().length ?? 0;
        const reply = await exchangeHttp(host, port, browserRequest(path, host, port), 3_000);
        const live = context.program;
        if (
          reply.error === undefined &&
          (live === undefined || (await live.waitForOutput((output) => output.slice(from).includes(path), 3_000)))
        )
          return pass();
        return fail(
          [
            "空连接之后，服务端不再打印请求：把 accept 放进循环，空连接就关闭它，再等下一个",
            "after an empty connection the server prints no more requests: accept in a loop, close an empty connection and wait for the next",
          ],
          show(browserRequest(path, host, port)),
          reply.error ?? `it printed ${live ? printed(live, from) : "nothing"}`,
        );
      });
    },
  },
  {
    name: ["POST 请求的请求体也打印出来", "prints a POST's body too"],
    further: true,
    async run(context) {
      if (context.program === undefined) return skip(NO_PROGRAM);
      const program = await running(context);
      if (program === undefined) return skip(ENDED_AFTER_ONE);
      const { host, port } = context;
      const body = `name=${token("body")}`;
      const request = `POST /form HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      const from = program.output().length;
      await exchangeHttp(host, port, request, 3_000);
      if (await program.waitForOutput((output) => output.slice(from).includes(body), 3_000)) return pass();
      return fail(
        ["请求体在空行之后：打印整个请求", "the body comes after the blank line: print the whole request"],
        show(request),
        `它打印了 it printed ${printed(program, from)}`,
      );
    },
  },
];

// HTTP: the home page (2.5) -----------------------------------------------

/** What a response that is not well formed means, for a learner. */
function responseProblem(problem: string): Words {
  switch (problem) {
    case "nothing":
      return ["服务端什么也没有返回就关闭了连接", "the server closed the connection without sending anything"];
    case "no blank line":
      return [
        "响应头后缺少空行：响应头之后要有一个 \\r\\n\\r\\n，然后才是响应体",
        "no blank line after the headers: the head ends with \\r\\n\\r\\n before the body",
      ];
    default:
      return ["响应行格式不对：应该像 HTTP/1.1 200 OK", "the status line is not like HTTP/1.1 200 OK"];
  }
}

async function get(host: string, port: number, path: string): Promise<{ response?: HttpResponse; sent: string; got: string; why?: Words }> {
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: socket-lessons-check\r\nAccept: text/html\r\nConnection: close\r\n\r\n`;
  const reply = await exchangeHttp(host, port, request, 5_000);
  const sent = show(request);
  if (reply.error)
    return {
      sent,
      got: reply.error,
      why: [
        "连接不上服务端：它是否还在运行，在这个地址上 listen？",
        "cannot connect: is the server still running, listening at this address?",
      ],
    };
  const response = readResponse(reply.bytes);
  if (typeof response === "string") return { sent, got: show(reply.bytes), why: responseProblem(response) };
  return { response, sent, got: show(reply.bytes.subarray(0, 300)) };
}

/** The answer to the first GET /, asked once and looked at by the first two checks. */
const firstGet = new WeakMap<Context, ReturnType<typeof get>>();
function getHome(context: Context): ReturnType<typeof get> {
  let answer = firstGet.get(context);
  if (answer === undefined) {
    answer = get(context.host, context.port, "/");
    firstGet.set(context, answer);
  }
  return answer;
}

const homePageChecks: Check[] = [
  {
    name: ["GET / 返回 200 和 text/html", "GET / gets 200 and a text/html Content-Type"],
    async run(context) {
      const { response, sent, got, why } = await getHome(context);
      if (why) return fail(why, sent, got);
      if (response?.status !== 200)
        return fail(["主页的状态码应该是 200", "the home page's status should be 200"], sent, show(response?.statusLine));
      if (!/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) {
        return fail(["缺少 Content-Type: text/html 响应头", "the Content-Type: text/html header is missing"], sent, got);
      }
      return pass();
    },
  },
  {
    name: ["响应体就是主页文件，一个字节也不差", "the body is the page file, byte for byte"],
    async run(context) {
      const file = readFileSync(context.page);
      const page = context.page;
      const { response, sent, got, why } = await getHome(context);
      if (why || response === undefined) return fail(why ?? ["", ""], sent, got);
      if (response.body.equals(file)) return pass();
      const characters = file.toString("utf8").length;
      if (response.contentLength === characters && characters !== file.length) {
        return fail(
          [
            `Content-Length 按字符而不是按字节计算：主页有 ${characters} 个字符，却有 ${file.length} 个字节；用 len(body.encode())`,
            `Content-Length counted in characters, not bytes: the page has ${characters} characters but ${file.length} bytes; use len(body.encode())`,
          ],
          sent,
          `Content-Length: ${response.contentLength}`,
        );
      }
      if (response.contentLength !== undefined && response.contentLength !== file.length) {
        return fail(
          [
            `Content-Length 是 ${response.contentLength}，主页文件有 ${file.length} 个字节`,
            `Content-Length is ${response.contentLength}, the page file has ${file.length} bytes`,
          ],
          sent,
          `Content-Length: ${response.contentLength}`,
        );
      }
      return fail(
        [`响应体和主页文件 (${page}) 不一样`, `the body is not the page file (${page})`],
        sent,
        `${response.body.length} bytes: ${show(response.body, 60)}`,
      );
    },
  },
  {
    name: ["一个接一个的两个请求都得到回答", "two requests, one after the other, are both answered"],
    async run(context) {
      for (const attempt of [1, 2]) {
        const { response, sent, got, why } = attempt === 1 ? await getHome(context) : await get(context.host, context.port, "/");
        if (why || response?.status !== 200) {
          return fail(
            attempt === 2
              ? [
                  "第二个请求没有得到回答：服务端回答一个请求后就退出了吗？把 accept 放进 while True 循环",
                  "the second request got no answer: did the server end after one? put accept in a while True loop",
                ]
              : (why ?? ["主页的状态码应该是 200", "the home page's status should be 200"]),
            sent,
            got,
          );
        }
      }
      return pass();
    },
  },
  {
    name: EMPTY_CONNECTION,
    afterFirst: true,
    async run(context) {
      return afterEmptyConnection(context, async () => {
        const { response, sent, got, why } = await get(context.host, context.port, "/");
        if (!why && response?.status === 200) return pass();
        return fail(
          why ?? [
            "空连接之后，服务端不再正确回答主页请求：空连接要关闭，再 accept 下一个",
            "after an empty connection the server no longer answers the home page: close an empty connection and accept the next",
          ],
          `a connection that sent nothing, then ${sent}`,
          got,
        );
      });
    },
  },
  {
    name: ["不存在的路径返回 404", "a path that is not a page gets 404"],
    async run({ host, port }) {
      const path = `/${token("no-such-page")}`;
      const { response, sent, got, why } = await get(host, port, path);
      if (why) return fail(why, sent, got);
      if (response?.status === 404) return pass();
      return fail(
        [
          "请求的不是主页时应返回 404 Not Found：先看请求行里的路径",
          "a request for anything but the home page should get 404 Not Found: look at the path in the request line",
        ],
        sent,
        show(response?.statusLine),
      );
    },
  },
  {
    name: ["Content-Type 写明 charset=utf-8", "the Content-Type names its charset, utf-8"],
    further: true,
    async run({ host, port }) {
      const { response, sent, why } = await get(host, port, "/");
      const type = response?.headers.get("content-type") ?? "";
      if (!why && /charset=utf-8/i.test(type)) return pass();
      return fail(
        [
          "没有 charset，或者 charset 不对，浏览器可能把中文显示成乱码：Content-Type: text/html;charset=utf-8",
          "without a charset, or with another one, a browser may garble the Chinese: Content-Type: text/html;charset=utf-8",
        ],
        sent,
        show(type),
      );
    },
  },
  {
    name: ["在 Chromium 里打开主页，中文显示正常", "the page opens in Chromium with its Chinese intact"],
    further: true,
    async run({ host, port, page }) {
      // The first run of Chinese in the page's body, as the browser should show it.
      const html = readFileSync(page, "utf8");
      const chinese = /[\u4e00-\u9fff][\u4e00-\u9fff，。！、 ]{1,20}/.exec(html.slice(Math.max(0, html.search(/<body/i))))?.[0]?.trim();
      if (chinese === undefined) return skip(["主页文件里没有中文", "the page file has no Chinese in it"]);
      const browser = await launchBrowser();
      if (browser === undefined) {
        return skip([
          "这台机器上没有 Chromium、Chrome 或 Edge（可以用环境变量 CHROMIUM 指定）",
          "there is no Chromium, Chrome or Edge on this machine (CHROMIUM may name one)",
        ]);
      }
      const relay = await resettingRelay(host, port); // the browser's connections leave no TIME_WAIT on the port
      try {
        const tab = await browser.newPage();
        const response = await tab.goto(`http://127.0.0.1:${relay.port}/`, { timeout: 10_000 });
        const text = await tab.evaluate("document.body ? document.body.innerText : ''");
        if (response?.status() === 200 && String(text).includes(chinese)) return pass();
        return fail(
          [
            "浏览器里的中文是乱码：Content-Type 写上 charset=utf-8，并按 UTF-8 发送页面的字节",
            "the browser shows the Chinese garbled: name charset=utf-8 in the Content-Type, and send the page's bytes as UTF-8",
          ],
          `GET / in Chromium, looking for ${show(chinese)}`,
          `status ${response?.status()}, ${show(String(text), 80)}`,
        );
      } finally {
        await browser.close();
        relay.close();
      }
    },
  },
];

export const EXERCISES: Record<string, Exercise> = {
  "udp-server": {
    section: "1.1",
    title: ["UDP 服务端编程", "the UDP server"],
    client: false,
    protocol: "udp",
    lesson: "npx tsx scripts/udp_server.ts",
    checks: udpServerChecks,
  },
  "udp-client": {
    section: "1.2",
    title: ["UDP 客户端编程", "the UDP client"],
    client: true,
    protocol: "udp",
    lesson: "npx tsx scripts/udp_client.ts",
    checks: clientChecks("udp"),
  },
  "word-server": {
    section: "1.5",
    title: ["案例：查找单词，服务端", "word lookup, the server"],
    client: false,
    protocol: "udp",
    lesson: "npx tsx scripts/word_server.ts",
    checks: wordServerChecks,
  },
  "word-client": {
    section: "1.5",
    title: ["案例：查找单词，客户端", "word lookup, the client"],
    client: true,
    protocol: "udp",
    lesson: "npx tsx scripts/word_client.ts",
    checks: clientChecks("word"),
  },
  "show-request": {
    section: "2.3",
    title: ["HTTP 请求：打印浏览器发来的请求", "the request: print what a browser sends"],
    client: false,
    protocol: "tcp",
    lesson: "npx tsx scripts/http_show_request.ts",
    endsAfterRequest: true,
    checks: showRequestChecks,
  },
  "home-page": {
    section: "2.5",
    title: ["案例：主页访问", "the home page"],
    client: false,
    protocol: "tcp",
    lesson: "npx tsx scripts/http_home.ts",
    checks: homePageChecks,
  },
};
