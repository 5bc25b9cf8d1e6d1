/**
 * A server's first line, `listening on HOST:PORT` (正在监听 … — listening on …), read back by what starts
 * the lessons (the tour, the tests, the benchmarks) to learn the port a `--port 0` server was given.
 */

/** The address a server says it listens on, or undefined while the text has no such line. */
export function listeningAddress(text: string): { host: string; port: number } | undefined {
  const match = /listening on (?:\[([^\]]+)\]|([^\s:]+)):(\d+)/.exec(text);
  return match ? { host: (match[1] ?? match[2]) as string, port: Number(match[3]) } : undefined;
}
