/** Structured log lines (pino's call shape, so a pino logger can be passed instead). */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** One JSON object per line on stdout: `{"level":"info","time":…,"msg":…,…fields}`. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void =>
      write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
