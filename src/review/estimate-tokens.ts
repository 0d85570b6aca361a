/**
 * An offline estimate of input tokens. Code averages a little over 3 characters a token with
 * Claude's tokenizer; dividing by 3 errs on the side of smaller chunks, never on a rejected call.
 */
export const CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
