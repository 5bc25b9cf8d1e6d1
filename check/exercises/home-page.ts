/** 2.5 案例：主页访问: a web server on a bare TCP socket: the page for /, 404 for anything else. */
import { readFileSync } from "node:fs";
import { launchBrowser } from "../browser.ts";
import { type Answer, get, notThePage } from "../http.ts";
import { resettingRelay, token } from "../net.ts";
import { show } from "../show.ts";
import { afterEmptyConnection, EMPTY_CONNECTION } from "../tcp_server.ts";
import { defineExercise, fail, pass, skip } from "../types.ts";

/** The answer to the first GET /, asked once and looked at by the first three checks. */
interface State {
  home(): Promise<Answer>;
}

export default defineExercise<State>({
  name: "home-page",
  section: "2.5",
  title: ["案例：主页访问", "the home page"],
  role: "server",
  protocol: "tcp",
  lesson: "scripts/http_home.ts",
  inputs: [{ flag: "page", about: ["服务端发送的主页文件", "the page file the server sends"], file: "index.html" }],
  async setup({ host, port }) {
    let answer: Promise<Answer> | undefined;
    return { home: () => (answer ??= get(host, port, "/")) };
  },
  required: [
    {
      id: "status-and-type",
      name: ["GET / 返回 200 和 text/html", "GET / gets 200 and a text/html Content-Type"],
      async run({ state }) {
        const { response, sent, got, why } = await state.home();
        if (why) return fail(why, sent, got);
        if (response?.status !== 200)
          return fail(["主页的状态码应该是 200", "the home page's status should be 200"], sent, show(response?.statusLine));
        if (/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) return pass();
        return fail(["缺少 Content-Type: text/html 响应头", "the Content-Type: text/html header is missing"], sent, got);
      },
    },
    {
      id: "body-is-the-page",
      name: ["响应体就是主页文件，一个字节也不差", "the body is the page file, byte for byte"],
      async run({ state, inputs, hint }) {
        const page = inputs.page ?? "";
        const file = readFileSync(page);
        const { response, sent, got, why } = await state.home();
        if (why || response === undefined) return fail(why ?? ["", ""], sent, got);
        const wrong = notThePage(response, file, page, hint);
        return wrong ? fail(wrong.why, sent, wrong.got) : pass();
      },
    },
    {
      id: "two-requests",
      name: ["一个接一个的两个请求都得到回答", "two requests, one after the other, are both answered"],
      async run({ host, port, state, hint }) {
        for (const attempt of [1, 2]) {
          const { response, sent, got, why } = attempt === 1 ? await state.home() : await get(host, port, "/");
          if (!why && response?.status === 200) continue;
          const second = hint({
            python: [
              "第二个请求没有得到回答：服务端回答一个请求后就退出了吗？把 accept 放进 while True 循环",
              "the second request got no answer: did the server end after one? put accept in a while True loop",
            ],
            typescript: [
              "第二个请求没有得到回答：服务端回答一个请求后就关闭了吗？只关闭这个连接 (c.end())，不要关闭服务端",
              "the second request got no answer: did the server close after one? end only that connection (c.end()), not the server",
            ],
          });
          return fail(attempt === 2 ? second : (why ?? ["主页的状态码应该是 200", "the home page's status should be 200"]), sent, got);
        }
        return pass();
      },
    },
    {
      id: "empty-connection",
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
      id: "not-found",
      name: ["不存在的路径返回 404", "a path that is not a page gets 404"],
      async run({ host, port }) {
        const { response, sent, got, why } = await get(host, port, `/${token("no-such-page")}`);
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
  ],
  further: [
    {
      id: "charset-utf-8",
      name: ["Content-Type 写明 charset=utf-8", "the Content-Type names its charset, utf-8"],
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
      id: "chinese-in-chromium",
      name: ["在 Chromium 里打开主页，中文显示正常", "the page opens in Chromium with its Chinese intact"],
      async run({ host, port, inputs }) {
        // The first run of Chinese in the page's body, as the browser should show it.
        const html = readFileSync(inputs.page ?? "", "utf8");
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
          const response = await tab.goto(`http://127.0.0.1:${relay.port}/`, { timeout: 10_000 }).catch(() => null); // no answer: said below
          const text = response ? await tab.evaluate("document.body ? document.body.innerText : ''") : "";
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
  ],
});
