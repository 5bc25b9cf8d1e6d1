/** Why a file cannot be read, in the learner's words: a common error as a phrase in both languages, else Node's own message. */
import { phrase, type Words } from "./say.ts";

const PHRASES: Record<string, string> = { ENOENT: "noSuchFile", EISDIR: "isFolder", EACCES: "noReadPermission", EPERM: "noReadPermission" };

export function fileProblem(err: NodeJS.ErrnoException): Words | string {
  const key = PHRASES[err.code ?? ""];
  return key ? phrase(key) : err.message;
}
