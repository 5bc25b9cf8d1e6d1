/**
 * A word book: one entry a line, the word, spaces, then its explanation
 * (fixtures/dict.txt is one). Loaded once into a Map, so that looking a word
 * up costs the same whether the book holds ten words or a hundred thousand.
 */
import { readFile } from "node:fs/promises";

/** Word → explanation. */
export type WordBook = Map<string, string>;

/**
 * Reads the text of a word book. Blank lines and lines without an
 * explanation are skipped; Windows line ends (CRLF) and a byte-order mark are
 * fine; when a word comes twice, its first entry counts.
 */
export function parseWordBook(text: string): WordBook {
  const book: WordBook = new Map();
  for (const line of text.replace(/^\ufeff/, "").split("\n")) {
    const entry = /^\s*(\S+)\s+(\S.*?)\s*$/s.exec(line);
    if (entry === null) continue;
    const word = entry[1] as string;
    if (!book.has(word)) book.set(word, entry[2] as string);
  }
  return book;
}

/**
 * Reads a word book from a file. When the file cannot be read or holds no
 * entry, throws an error whose message says so in one line.
 */
export async function loadWordBook(path: string): Promise<WordBook> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "there is no such file"
        : code === "EISDIR"
          ? "it is a folder"
          : code === "EACCES"
            ? "no permission to read it"
            : String(err);
    throw new Error(`cannot read the word book ${path}: ${why}; give another with --dict PATH`);
  }
  const book = parseWordBook(text);
  if (book.size === 0) {
    throw new Error(`the word book ${path} has no entries: each line should be a word, spaces, and its explanation`);
  }
  return book;
}

/**
 * Looks a word up: spaces around it are ignored, and when the exact word is
 * not in the book, its lower case is tried (Network → network).
 */
export function lookUp(book: WordBook, query: string): { word: string; explanation: string } | undefined {
  for (const word of [query.trim(), query.trim().toLowerCase()]) {
    const explanation = book.get(word);
    if (explanation !== undefined) return { word, explanation };
  }
  return undefined;
}
