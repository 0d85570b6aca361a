/*
 * Paths and model text are untrusted (the model read untrusted code): escape sequences in them
 * could move the cursor, rewrite earlier lines or retitle the terminal. Controls other than
 * newline and tab, and the bidi overrides, are shown as U+FFFD instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, "\uFFFD");
}
