import type { Logger } from '../logger.js';

/** A logger for tests: every line kept as `<level> <message> <fields as JSON>`. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(fields)}`);
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
