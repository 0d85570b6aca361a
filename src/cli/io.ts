/** What the CLI touches of its process, injected so tests run it in-process. */
export interface CliStream {
  write(text: string): unknown;
  /** A terminal: pretty output by default and a one-line progress counter. */
  isTTY?: boolean | undefined;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  readStdin(): Promise<string>;
  exit(code: number): void;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: () => readAll(process.stdin),
    exit(code) {
      // Exit once both streams have flushed: piped output would otherwise be cut off, and idle
      // keep-alive sockets of the HTTP clients could hold the process open for seconds.
      process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    },
  };
}
