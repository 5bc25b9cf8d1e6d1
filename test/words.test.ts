import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { makeWordBook } from "../fixtures/make_dict.ts";
import { loadWordBook, lookUp, parseWordBook } from "../lib/words.ts";
import { ROOT } from "./helpers.ts";

test("a word book line is a word, spaces, and the explanation", () => {
  const book = parseWordBook("apple   n. a fruit\nrun\tv. move fast on foot\n");
  assert.deepEqual(
    [...book],
    [
      ["apple", "n. a fruit"],
      ["run", "v. move fast on foot"],
    ],
  );
});

test("CRLF line ends and a byte-order mark are handled", () => {
  const book = parseWordBook("\ufeffapple  n. a fruit\r\npear  n. another fruit\r\n");
  assert.deepEqual([...book.keys()], ["apple", "pear"]);
  assert.equal(book.get("apple"), "n. a fruit");
  assert.equal(book.get("pear"), "n. another fruit");
});

test("blank lines and lines without an explanation are skipped", () => {
  const book = parseWordBook("\n   \napple  n. a fruit\nlonely\nlonely   \n\t\npear  n. another fruit");
  assert.deepEqual([...book.keys()], ["apple", "pear"]);
});

test("a repeated word keeps its first entry", () => {
  const book = parseWordBook("bank  n. a river side\nbank  n. a place for money\n");
  assert.equal(book.size, 1);
  assert.equal(book.get("bank"), "n. a river side");
});

test("lookUp trims the query, tries the exact word, then its lower case", () => {
  const book = parseWordBook("Java  n. an island\njava  n. coffee\nnetwork  n. a system\n");
  assert.deepEqual(lookUp(book, "network"), { word: "network", explanation: "n. a system" });
  assert.deepEqual(lookUp(book, "  Network\r\n"), { word: "network", explanation: "n. a system" });
  assert.deepEqual(lookUp(book, "Java"), { word: "Java", explanation: "n. an island" });
  assert.deepEqual(lookUp(book, "JAVA"), { word: "java", explanation: "n. coffee" });
  assert.equal(lookUp(book, "xyzzyq"), undefined);
  assert.equal(lookUp(book, ""), undefined);
});

test("loadWordBook says in one line why a word book cannot be used", async () => {
  const dir = mkdtempSync(join(tmpdir(), "words-"));
  await assert.rejects(
    loadWordBook(join(dir, "missing.txt")),
    /^Error: 读不了单词本 .*missing\.txt：没有这个文件；用 --dict PATH 指定另一个 — cannot read the word book .*missing\.txt: there is no such file; give another with --dict PATH$/,
  );
  await assert.rejects(loadWordBook(dir), /it is a folder/);
  writeFileSync(join(dir, "empty.txt"), "\n\n");
  await assert.rejects(loadWordBook(join(dir, "empty.txt")), /has no entries/);
  writeFileSync(join(dir, "tiny.txt"), "socket  n. an end point\n");
  assert.equal((await loadWordBook(join(dir, "tiny.txt"))).get("socket"), "n. an end point");
});

test("the word book in fixtures: common words, sorted, 10,000 to 40,000 entries, under 3 MB", async () => {
  const path = join(ROOT, "fixtures", "dict.txt");
  const book = await loadWordBook(path);
  assert.ok(book.size >= 10_000 && book.size <= 40_000, `${book.size} words`);
  assert.ok(statSync(path).size < 3_000_000);
  for (const word of ["network", "protocol", "socket", "apple", "computer", "send", "receive", "good"]) {
    assert.ok(book.has(word), word);
  }
  const words = [...book.keys()];
  assert.deepEqual(words, [...words].sort());
  const lines = readFileSync(path, "utf8").split("\n");
  assert.equal(lines.pop(), "", "ends with a newline");
  assert.equal(lines.length, book.size, "every line is an entry, every word once");
  assert.match(readFileSync(join(ROOT, "fixtures", "dict.LICENSE"), "utf8"), /WordNet .*Copyright .*Princeton University/);
});

// A tiny WordNet dict folder: index files point at byte offsets in data files.
function tinyWordNet(): string {
  const dir = mkdtempSync(join(tmpdir(), "wordnet-"));
  const header = "  1 This is a licence header line.\n";
  const parts: Record<string, [synsets: string[], index: (offsets: number[]) => string[]]> = {
    noun: [
      [
        'n 03 network 0 web 1 mesh 0 000 | an interconnected system of things or people; "a network of shops"',
        "n 01 Aaron 0 000 | a brother of Moses",
        "n 01 aaron 0 000 | a made-up lower-case sense",
        "n 01 zebra 0 000 | an African horse with stripes",
        "n 01 Java 0 000 | an island in Indonesia",
        "n 01 ice_cream 0 000 | a frozen dessert",
      ],
      ([network, aaronName, aaronWord, zebra, java, iceCream]) => [
        `aaron n 2 1 @ 2 0 ${aaronName} ${aaronWord}`,
        `ice_cream n 1 1 @ 1 1 ${iceCream}`,
        `java n 1 1 @ 1 1 ${java}`,
        `network n 1 2 @ ~ 1 3 ${network}`,
        `zebra n 1 1 @ 1 0 ${zebra}`,
      ],
    ],
    verb: [["v 01 network 0 000 | communicate with and within a group"], ([network]) => [`network v 1 1 @ 1 0 ${network}`]],
    adj: [['s 01 quick(a) 0 000 | moving fast; "a quick walk"'], ([quick]) => [`quick a 1 0 1 1 ${quick}`]],
    adv: [[], () => []],
  };
  for (const [file, [synsets, index]] of Object.entries(parts)) {
    let data = header;
    const offsets: number[] = [];
    for (const synset of synsets) {
      const offset = Buffer.byteLength(data);
      offsets.push(offset);
      data += `${String(offset).padStart(8, "0")} 05 ${synset}  \n`;
    }
    writeFileSync(join(dir, `data.${file}`), data);
    writeFileSync(join(dir, `index.${file}`), `${header}${index(offsets).join("  \n")}\n`);
  }
  return dir;
}

test("the word book generator turns WordNet into sorted word book lines", () => {
  assert.deepEqual(makeWordBook(tinyWordNet()), [
    // Two senses make aaron common enough; its first sense is the name Aaron,
    // so the word's own lower-case sense is shown.
    "aaron             n. a made-up lower-case sense",
    // Senses from every part of speech, examples cut off.
    "network           n. an interconnected system of things or people; v. communicate with and within a group",
    // An adjective's position marker, quick(a), is not part of the word.
    "quick             adj. moving fast",
    // Left out: zebra (one sense, never tagged), ice_cream (not a single
    // word), java (its only sense is the name Java).
  ]);
});

test("the generator refuses a folder that is not WordNet", () => {
  const dir = tinyWordNet();
  writeFileSync(join(dir, "index.verb"), "network v 1 1 @ 1 0 00000099\n");
  assert.throws(() => makeWordBook(dir), /no synset at offset 99: is this WordNet's dict folder\?/);
});

test.run();
