/** A `{ … }` pair: 1-based lines of the opening and the closing brace. */
export interface BraceBlock {
  open: number;
  close: number;
}

export interface ScanOptions {
  /** `` ` `` strings with `${ … }` holes (JavaScript, TypeScript); otherwise a backtick string is raw (Go). */
  templates: boolean;
  /** `/…/` regular expression literals (JavaScript, TypeScript). */
  regexes: boolean;
  /** `#` starts a line comment (PHP). */
  hashComments: boolean;
}

type Frame = "brace" | "hole";

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);

/** Words after which a `/` starts a regular expression too: `return /\{/.test(s)`. */
const KEYWORD_BEFORE_REGEX = /(?:^|[^\w$])(?:return|typeof|case|in|of|delete|void|throw|new|yield|await)\s*$/;

/**
 * Pairs the braces of a C-family source file, skipping those in comments, strings, template
 * literals and regular expressions, so `"{"` in a string does not open a block. Unbalanced input
 * (a file cut short, a lexer guess gone wrong) leaves the unmatched braces out; it never throws.
 */
export function scanBraceBlocks(text: string, options: ScanOptions): BraceBlock[] {
  const blocks: BraceBlock[] = [];
  const stack: { frame: Frame; line: number }[] = [];
  let line = 1;
  let last = ""; // last significant code character, for the regex guess
  let i = 0;
  const n = text.length;
  const skipTo = (end: number) => {
    for (let k = i; k < end && k < n; k++) if (text[k] === "\n") line++;
    i = Math.min(end, n);
  };
  /** Reads template text from `from` to its closing backtick, or to a `${` hole, which opens a frame. */
  const readTemplate = (from: number) => {
    i = templateEnd(text, from, () => line++);
    if (text.startsWith("${", i)) {
      stack.push({ frame: "hole", line });
      i += 2;
      last = "{";
    } else {
      last = "x";
    }
  };
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if ((c === "/" && next === "/") || (c === "#" && options.hashComments)) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      skipTo(end < 0 ? n : end + 2);
      continue;
    }
    if (c === "/" && options.regexes && (BEFORE_REGEX.has(last) || KEYWORD_BEFORE_REGEX.test(text.slice(Math.max(0, i - 12), i)))) {
      skipTo(regexEnd(text, i));
      last = "x";
      continue;
    }
    if (c === '"' || c === "'") {
      i = stringEnd(text, i, c);
      last = "x";
      continue;
    }
    if (c === "`") {
      if (!options.templates) {
        const end = text.indexOf("`", i + 1);
        skipTo(end < 0 ? n : end + 1);
        last = "x";
      } else {
        readTemplate(i + 1);
      }
      continue;
    }
    if (c === "{") {
      stack.push({ frame: "brace", line });
    } else if (c === "}") {
      const top = stack.pop();
      if (top?.frame === "brace") blocks.push({ open: top.line, close: line });
      else if (top?.frame === "hole") {
        // Back inside the template literal the hole interrupted.
        readTemplate(i + 1);
        continue;
      }
    }
    last = /[\w$)\]]/.test(c) ? "x" : c;
    i++;
  }
  return blocks;
}

/** Index just after a one-line string; an unterminated one ends at the line's end. */
function stringEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === quote) return i + 1;
    else if (c === "\n") return i;
    else i++;
  }
  return i;
}

/** Index of the closing backtick + 1, or of a `${` that opens a hole. Counts the newlines it passes. */
function templateEnd(text: string, from: number, newline: () => void): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === "`") return i + 1;
    else if (c === "$" && text[i + 1] === "{") return i;
    else {
      if (c === "\n") newline();
      i++;
    }
  }
  return i;
}

/** End of a `/…/flags` literal; a guess that reaches the line's end is taken back (it was a division). */
function regexEnd(text: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") return start + 1;
    if (c === "\\") i += 2;
    else if (c === "[" || c === "]") {
      inClass = c === "[";
      i++;
    } else if (c === "/" && !inClass) {
      i++;
      while (i < text.length && /[a-z]/i.test(text[i] as string)) i++;
      return i;
    } else i++;
  }
  return start + 1;
}
