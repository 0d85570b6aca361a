import picomatch from "picomatch";
import { languageOf, promptLanguageOf } from "./languages.js";
import type { ChangedFile, FileSelection, SkipReason } from "./types.js";

/** Globs from the repo config, matched against the file's full (new) path, e.g. `src/**\/*.tsx`. */
export interface SelectionRules {
  /** Adds paths the built-in rules would skip (a `.tsx` API route, `scripts/*.sh`). */
  include: string[];
  /** Removes paths; wins over `include`. */
  exclude: string[];
  /** Review test code too (repo config `review_tests`); by default it is skipped as "test code". */
  reviewTests?: boolean | undefined;
}

// Built-ins ignore case (`Vendor/`, `README.MD`, `Yarn.lock` are the same thing to a human);
// repo globs keep it, as git and the globs users copy from `.gitignore` do.
const BUILT_IN = { dot: true, nocase: true };

const isLockFile = picomatch(
  [
    "**/*.lock", // yarn, Cargo, poetry, Pipfile, Gemfile, composer, mix, uv, deno, pubspec, bun
    "**/*.lockb",
    "**/*.lockfile", // gradle
    "**/{package-lock,npm-shrinkwrap,packages.lock}.json", // npm, NuGet
    "**/pnpm-lock.yaml",
    "**/go.sum",
    "**/Package.resolved",
  ],
  BUILT_IN,
);

const isGeneratedPath = picomatch(
  [
    "**/{dist,build,out,vendor,node_modules,third_party,third-party,__generated__,generated}/**",
    "**/*.min.{js,css}",
    "**/*.{js,css}.map",
    "**/*.{pb,pb.gw,gen}.go",
    "**/{*_generated,*_gen,zz_generated.*}.go",
    "**/*_pb2{,_grpc}.py{,i}",
    "**/*_pb.{js,ts,d.ts}",
    "**/*_grpc_pb.{js,d.ts}",
    "**/*.generated.*",
    "**/*.{g,freezed}.dart",
    "**/*.{g,designer}.cs",
    "**/*.snap",
  ],
  BUILT_IN,
);

/** Go's convention (https://go.dev/s/generatedcode), also emitted by sqlc, mockgen, ts-proto. */
const GENERATED_HEADER = /^[+ ]\/\/ Code generated .* DO NOT EDIT\.\r?$/m;

const isDocumentation = picomatch(
  [
    "**/*.{md,mdx,rst,txt,adoc}",
    "**/docs/**",
    "**/{LICENSE,LICENCE,COPYING,NOTICE,AUTHORS,CHANGELOG,CONTRIBUTING,README}",
  ],
  // Manifests and build files in `.txt` are not prose; they fall through to "not server-side code".
  { ...BUILT_IN, ignore: ["**/requirements*.txt", "**/constraints*.txt", "**/CMakeLists.txt"] },
);

/**
 * Test code, by directory or by each ecosystem's file-name convention. Hard-coded passwords, raw SQL
 * and sleeps are normal there: reviewing them costs tokens and buries the real findings in noise.
 */
const isTestCode = picomatch(
  [
    "**/{test,tests,__tests__,spec,specs,fixtures,__fixtures__,testdata,test-data,__mocks__,e2e}/**",
    "**/*.{test,spec}.*", // Jest, Vitest, Mocha, Jasmine: `user.test.ts`, `api.spec.js`
    "**/*{_test,_spec}.*", // Go `*_test.go`, pytest `*_test.py`, RSpec `*_spec.rb`, Elixir `*_test.exs`
    "**/test_*.py",
    "**/conftest.py",
  ],
  BUILT_IN,
);
// JUnit, Kotest, NUnit/xUnit class names; case matters here, or `Latest.java` would be a test.
const isTestClass = picomatch("**/*{Test,Tests}.{java,kt,scala,groovy,cs}", { dot: true });

const isFrontEndFile = picomatch("**/*.{tsx,jsx,vue,svelte,css,scss,sass,less,html,htm,astro}", BUILT_IN);

// `web/` is left out: it is as often a Go/Python server package (`internal/web`) as a UI folder,
// and skipping a request handler hides more than reviewing a UI helper wastes.
const isInFrontEndDirectory = picomatch("**/{frontend,client,public,static,ui,www,assets}/**", BUILT_IN);

/**
 * A front-end directory only says something about languages that also run in browsers:
 * `client/http.go` is an outbound HTTP client, `public/index.php` is Laravel's entry point.
 * `.graphql` under `client/` holds the client's queries, not the server's schema.
 */
const BROWSER_LANGUAGES: ReadonlySet<string> = new Set(["JavaScript", "TypeScript", "GraphQL schema"]);

/** Dotfiles and dot-directories (`.github/`, `.eslintrc.cjs`, `.storybook/`) hold tooling, not the server. */
const isToolingPath = picomatch(["**/.*", "**/.*/**"], BUILT_IN);

type Matcher = (path: string) => boolean;

/**
 * Splits a PR's files into reviewed and skipped, keeping input order in both lists. The first
 * matching rule wins, so the reason a user sees is the most specific one:
 *   1. status "removed"                → "removed" (nothing on the new side to comment on)
 *   2. rules.exclude                   → "excluded by configuration" (beats include)
 *   3. unless rules.include matches: the kind of file —
 *      lock file → generated or vendored → documentation → front-end → test code (unless
 *      rules.reviewTests) → not server-side code
 *   4. no patch                        → "binary or too large (GitHub sent no diff)"; after the kind
 *      checks so a PNG reads "not server-side code", but a server file is never silently dropped
 *   5. no added lines                  → "no added or changed lines" (comments go on the new side);
 *      also a pure rename, for which GitHub sends no patch and counts no changes
 *   6. otherwise selected.
 * Matching uses the new path (`filename`), so renaming out of `vendor/` gets the file reviewed.
 */
export function selectFiles(files: ChangedFile[], rules?: SelectionRules): FileSelection {
  const isIncluded = compile(rules?.include);
  const isExcluded = compile(rules?.exclude);
  const selection: FileSelection = { selected: [], skipped: [], testCode: [] };
  for (const file of files) {
    const reason = skipReason(file, isIncluded, isExcluded, rules?.reviewTests === true);
    if (reason === undefined) selection.selected.push({ file, language: promptLanguageOf(file.filename) });
    else selection.skipped.push({ path: file.filename, reason });
    if (reason === "test code") selection.testCode.push({ file, language: promptLanguageOf(file.filename) });
  }
  return selection;
}

function skipReason(file: ChangedFile, isIncluded: Matcher, isExcluded: Matcher, reviewTests: boolean): SkipReason | undefined {
  const path = file.filename;
  if (file.status === "removed") return "removed";
  if (isExcluded(path)) return "excluded by configuration";
  if (!isIncluded(path)) {
    const kind = kindSkipReason(path, file.patch, reviewTests);
    if (kind !== undefined) return kind;
  }
  if (file.patch === undefined) {
    return file.status === "renamed" && file.changes === 0
      ? "no added or changed lines"
      : "binary or too large (GitHub sent no diff)";
  }
  return hasAddedLine(file.patch) ? undefined : "no added or changed lines";
}

function kindSkipReason(path: string, patch: string | undefined, reviewTests: boolean): SkipReason | undefined {
  if (isLockFile(path)) return "lock file";
  if (isGeneratedPath(path) || (patch !== undefined && GENERATED_HEADER.test(patch))) {
    return "generated or vendored code";
  }
  if (isDocumentation(path)) return "documentation";
  if (isFrontEndFile(path)) return "front-end code";
  const language = languageOf(path);
  if (language !== undefined && BROWSER_LANGUAGES.has(language) && isInFrontEndDirectory(path)) {
    return "front-end code";
  }
  // Fixtures of any kind count (a `.env` or JSON fixture too), so the secret detector reads them.
  if (!reviewTests && (isTestCode(path) || isTestClass(path))) return "test code";
  if (language === undefined || isToolingPath(path)) return "not server-side code";
  return undefined;
}

function compile(globs: string[] | undefined): Matcher {
  // picomatch throws on "", and one blank line in a config must not stop every review.
  const usable = (globs ?? []).filter((glob) => glob.length > 0);
  if (usable.length === 0) return () => false;
  return picomatch(usable, { dot: true });
}

/**
 * Only the new side can carry comments. `+++ ` is a file header before the first hunk (GitHub
 * omits it, other diff sources may not); inside a hunk it is an added line reading `++ …`.
 */
function hasAddedLine(patch: string): boolean {
  const firstHunk = patch.search(/^@@/m);
  if (firstHunk < 0) return /^\+(?!\+\+ )/m.test(patch);
  return /^\+/m.test(patch.slice(firstHunk));
}
