/**
 * What an exercise is, as the checker sees it: a definition (check/exercises/<name>.ts) with its inputs,
 * its setup, and its checks in two lists, `required` then `further`; and what a check returns.
 */
import type { Reply } from "./net.ts";
import type { Program } from "./program.ts";

/** A message in Chinese and English: always in this order, everywhere in the project. */
export type Words = [zh: string, en: string];

/** The language a learner's program is written in, from its command: hints name code in it. */
export type Language = "python" | "typescript" | "other";

/** The same piece of code, or the same hint, in each language a program may be written in. */
export interface CodeForms<T = string> {
  python: T;
  typescript: T;
}

export interface Outcome {
  status: "pass" | "fail" | "skip";
  /** Not checked, and why: a skip, or a fail that could not be checked (the program had crashed). */
  unchecked?: Words;
  sent?: string;
  got?: string;
  /** The likely mistake, and what to do. */
  why?: Words;
}

export const pass = (): Outcome => ({ status: "pass" });
export const fail = (why: Words, sent?: string, got?: string): Outcome => ({ status: "fail", why, sent, got });
export const skip = (reason: Words): Outcome => ({ status: "skip", unchecked: reason });
export const NO_PROGRAM: Words = [
  "检查器没有启动你的程序，看不到它的输出",
  "the checker did not start your program, so it cannot see its output",
];

/** A file the exercise reads, given with a flag of the checker's (`--dict PATH`). */
export interface Input {
  flag: string;
  about: Words;
  /** The file when the flag is not given, from the project's folder. */
  file: string;
}

export interface Context<State = undefined> {
  host: string;
  port: number;
  /** Each input's file, by its flag's name (`dict`, `page`). */
  inputs: Record<string, string>;
  /** Code named in the program's language: the course's Python for a program in another one. */
  code(forms: CodeForms): string;
  /** A hint in the program's language, as `code` chooses. */
  hint(forms: CodeForms<Words>): Words;
  /** What the exercise's setup made for this run. */
  state: State;
  /** The course's program ends after one request (the exercise's endsAfterRequest). */
  endsAfterRequest?: boolean;
  /** The learner's program, when the checker started it; `restart` starts it again. */
  program?: Program;
  restart?: () => Promise<Program | undefined>;
  /** Sends a datagram to the server from a fresh socket; the first reply, or null once replyMs() passes. */
  ask(message: Buffer | string): Promise<Reply | null>;
  /** How long to wait for an answer: ten times the slowest round trip so far, from 1 s to 2 s. */
  replyMs(): number;
  /** Tells replyMs a round trip seen (a client's line typed, and its datagram come). */
  sawRoundTrip(ms: number): void;
}

export interface Check<State = undefined> {
  /** A short name, for a mistake's `不通过 fails:` header and the tests. */
  id: string;
  name: Words;
  /** Checked only when the exercise's first required check passed: without it, this one cannot pass either. */
  afterFirst?: boolean;
  run(context: Context<State>): Promise<Outcome>;
}

export interface Exercise<State = undefined> {
  name: string;
  section: string;
  title: Words;
  /** A client: the checker plays the server, and needs the command. */
  role: "server" | "client";
  /** How a server of this exercise is seen to be ready: the port it binds. */
  protocol: "udp" | "tcp";
  /** The lesson that solves it, from the project's folder. */
  lesson: string;
  /** The files it reads, in the order a solution takes them after the port. */
  inputs?: Input[];
  /** The course's program ends after one request: its checks start it again, and its end is no failure. */
  endsAfterRequest?: boolean;
  /** Made before the first check, for all of them; `cleanup` undoes it after the last. */
  setup?(context: Omit<Context<State>, "state">): Promise<State>;
  cleanup?(state: State): void | Promise<void>;
  /** What the course asks, in order: the first one gates those marked afterFirst. */
  required: Check<State>[];
  /** Past the course: reported, never required, and checked only once the required ones pass. */
  further: Check<State>[];
}

/** An exercise of any state, for the list of them all. */
export type AnyExercise = Exercise<unknown>;

/** Declares an exercise; its state's type is its own business. */
export const defineExercise = <State>(exercise: Exercise<State>): AnyExercise => exercise as AnyExercise;
