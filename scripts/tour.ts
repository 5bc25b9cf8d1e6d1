/**
 * A map of the lessons: which course section each script teaches and the
 * command that runs it.
 *
 * Run:  npm start   (or: npx tsx scripts/tour.ts)
 */
const lessons: [section: string, command: string, what: string][] = [
  ["1.1 UDP 服务端编程 — UDP server", "npx tsx scripts/udp_server.ts", "receives datagrams and answers each with Thanks"],
  ["1.2 UDP 客户端编程 — UDP client", "npx tsx scripts/udp_client.ts", "sends what you type and prints the reply"],
  ["1.3–1.4 UDP flow and traits", "npx tsx scripts/udp_client.ts --timeout 1", "no connection: with no server, no reply ever comes"],
  [
    "1.5 案例：查找单词 — word lookup, server",
    "npx tsx scripts/word_server.ts",
    "answers a word with its explanation from fixtures/dict.txt",
  ],
  ["1.5 案例：查找单词 — word lookup, client", "npx tsx scripts/word_client.ts", "sends the words you type and prints the answers"],
  ["2.3 HTTP 请求 — the request a browser sends", "npx tsx scripts/http_show_request.ts", "prints one request as it came, then exits"],
  [
    "2.4–2.5 HTTP 响应, 案例：主页访问 — the home page",
    "npx tsx scripts/http_home.ts",
    "a web server on a bare TCP socket: open http://127.0.0.1:8888/",
  ],
];

console.log("socket-lessons: run a server in one terminal and its client in another.\n");
for (const [section, command, what] of lessons) {
  console.log(`${section}\n    ${command}\n    ${what}\n`);
}
