/** A function-like or class-like stretch of a file: 1-based, inclusive, decorators included. */
export interface CodeUnit {
  kind: "function" | "class";
  start: number;
  end: number;
}

/** Finds a language's units in a file, given its lines and its whole text. */
export type UnitFinder = (lines: readonly string[], text: string) => CodeUnit[];
