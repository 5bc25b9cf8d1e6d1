/**
 * The clients' input loop: Python's `msg = input("Msg>>> ")` in a `while`
 * loop that ends at an empty line or at the end of input (Ctrl-D, or the end
 * of a pipe). Ctrl-C ends the program at once with exit code 0; the system
 * closes its socket.
 */
import { createInterface } from "node:readline";

/** Shows `prompt` and yields each line typed, until an empty line or the end of input. */
export async function* promptLines(prompt: string): AsyncGenerator<string> {
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt });
  const quit = () => {
    process.stdout.write("\n");
    process.exit(0);
  };
  input.on("SIGINT", quit); // Ctrl-C at a terminal reaches readline as a key
  process.on("SIGINT", quit).on("SIGTERM", quit);
  // At the end of piped input, readline may close while lines it read are
  // still to come (on Deno and Bun); its prompt() then throws: write it out.
  let closed = false;
  input.on("close", () => {
    closed = true;
  });
  const ask = () => (closed ? process.stdout.write(prompt) : input.prompt());
  try {
    ask();
    for await (const line of input) {
      if (line === "") return;
      yield line;
      ask();
    }
    process.stdout.write("\n"); // the end of input leaves the cursor after the prompt
  } finally {
    input.close();
  }
}
