/**
 * The word book: one entry a line, the word, spaces, then its explanation
 * (fixtures/dict.txt is one). The course's server reads the file line by line
 * for every word it is asked; here it is read once into a Map, so a lookup
 * costs the same for a book of ten words or of a hundred thousand.
 */
import { readFile } from "node:fs/promises";
import { fileProblem } from "./file_problem.ts";
import { say } from "./say.ts";

/** Word → explanation. */
export type WordBook = Map<string, string>;

/**
 * Reads the text of a word book. Blank lines and lines without an explanation
 * are skipped; Windows line ends and a byte-order mark are fine; when a word
 * comes twice, its first entry counts.
 */
export function parseWordBook(text: string): WordBook {
  const book: WordBook = new Map();
  for (const line of text.replace(/^\ufeff/, "").split("\n")) {
    const [, word, explanation] = /^\s*(\S+)\s+(\S.*?)\s*$/s.exec(line) ?? [];
    if (word && explanation && !book.has(word)) book.set(word, explanation);
  }
  return book;
}

/** Reads a word book from a file; when it cannot, throws an error that says why in one line. */
export async function loadWordBook(path: string): Promise<WordBook> {
  const text = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new Error(say("cannotReadWordBook", path, fileProblem(err)));
  });
  const book = parseWordBook(text);
  if (book.size === 0) throw new Error(say("emptyWordBook", path));
  return book;
}

/** Looks a word up; spaces around it do not matter, nor does case when the exact word is not there (Network → network). */
export function lookUp(book: WordBook, query: string): { word: string; explanation: string } | undefined {
  for (const word of [query.trim(), query.trim().toLowerCase()]) {
    const explanation = book.get(word);
    if (explanation !== undefined) return { word, explanation };
  }
  return undefined;
}
