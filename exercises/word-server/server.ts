// 1.5 案例：查找单词 — word lookup, the server: fill in each step. Run: npx tsx exercises/word-server/my_server.ts
import dgram from "node:dgram";
import { readFileSync } from "node:fs";

const host = "127.0.0.1";
const port = 8888;
const DICT = "fixtures/dict.txt"; // run it from the project folder

// Read the word book once: each line is the word, spaces, then its explanation.
// readFileSync(DICT, "utf8").split("\n") …

// 1. 创建套接字 — create the socket

// 2. 绑定地址 — bind the address

// 3. 循环收发消息 — receive a word, look it up, send the answer (or "Not found: …") back to the client

// 4. 关闭套接字 — close the socket on Ctrl-C
