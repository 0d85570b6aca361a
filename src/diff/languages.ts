/**
 * Language names for the review prompt.
 *
 * `languageOf` answers "is this server-side code the reviewer should look at by default?": it
 * knows only languages in which a backend security/performance reviewer finds real problems
 * (injection, authz, unbounded work, N+1 queries, unsafe memory). It deliberately does NOT know:
 * - `.tsx`/`.jsx`/`.vue`/… — they render UI; React server components and API routes in `.tsx` are
 *   the exception a repo opts into with `include`.
 * - `.d.ts` — declarations have no runtime behaviour to review.
 * - `.cljs` (ClojureScript) and `.dart` — almost always browser or Flutter clients.
 * - shell scripts and Dockerfiles — in most repos they are CI/dev tooling whose findings
 *   (unquoted variables, `latest` tags) would drown the server-side ones; repos where they
 *   matter opt in with `include`.
 * - manifests (Gemfile, package.json, go.mod) — dependency changes are not code to comment on.
 * Swift and Kotlin are included: server-side Swift (Vapor) and Kotlin (Ktor, Spring) are common,
 * and a mobile app can be left out with `exclude`.
 *
 * `promptLanguageOf` names every file, for files a repo forced into the review with `include`.
 *
 * Matching is case-insensitive: `Main.JAVA` or `V1__INIT.SQL` are the same code, and skipping them
 * silently would hide changes from review.
 */

const SERVER_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ...byExtension("JavaScript", ["js", "mjs", "cjs"]),
  ...byExtension("TypeScript", ["ts", "mts", "cts"]),
  ...byExtension("Python", ["py"]),
  ...byExtension("Go", ["go"]),
  ...byExtension("Java", ["java"]),
  ...byExtension("Kotlin", ["kt", "kts"]),
  ...byExtension("Ruby", ["rb", "rake"]),
  ...byExtension("PHP", ["php"]),
  ...byExtension("C#", ["cs"]),
  ...byExtension("Rust", ["rs"]),
  ...byExtension("Scala", ["scala", "sc"]),
  ...byExtension("Elixir", ["ex", "exs"]),
  ...byExtension("Erlang", ["erl", "hrl"]),
  ...byExtension("Clojure", ["clj", "cljc"]),
  ...byExtension("Swift", ["swift"]),
  ...byExtension("C", ["c"]),
  ...byExtension("C or C++ header", ["h"]),
  ...byExtension("C++", ["cc", "cpp", "cxx", "hpp", "hh", "hxx"]),
  // Migrations and queries are where injection and missing indexes live.
  ...byExtension("SQL", ["sql"]),
  // Hand-written schemas are API surface (exposed fields, unbounded lists); generated code
  // compiled from them (`*.pb.go`, `*_pb2.py`) is filtered out by path before we get here.
  ...byExtension("GraphQL schema", ["graphql", "graphqls", "gql"]),
  ...byExtension("Protocol Buffers", ["proto"]),
]);

const SERVER_FILE_NAMES: ReadonlyMap<string, string> = new Map([["rakefile", "Ruby"]]);

/** Declaration files end in a server extension but carry no runtime behaviour. */
const DECLARATION_SUFFIXES = [".d.ts", ".d.mts", ".d.cts"];

const OTHER_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ...byExtension("TypeScript (TSX)", ["tsx"]),
  ...byExtension("JavaScript (JSX)", ["jsx"]),
  ...byExtension("Vue", ["vue"]),
  ...byExtension("Svelte", ["svelte"]),
  ...byExtension("Astro", ["astro"]),
  ...byExtension("HTML", ["html", "htm"]),
  ...byExtension("CSS", ["css", "scss", "sass", "less"]),
  ...byExtension("Shell", ["sh", "bash", "zsh"]),
  ...byExtension("Dockerfile", ["dockerfile"]),
  ...byExtension("YAML", ["yaml", "yml"]),
  ...byExtension("JSON", ["json"]),
  ...byExtension("TOML", ["toml"]),
  ...byExtension("Terraform", ["tf"]),
  ...byExtension("ClojureScript", ["cljs"]),
  ...byExtension("Dart", ["dart"]),
  ...byExtension("Markdown", ["md", "mdx"]),
]);

const OTHER_FILE_NAMES: ReadonlyMap<string, string> = new Map([
  ["dockerfile", "Dockerfile"],
  ["containerfile", "Dockerfile"],
  ["gemfile", "Ruby"],
  ["makefile", "Makefile"],
]);

/** The language of a server-side source file, or undefined when it is not one. */
export function languageOf(path: string): string | undefined {
  const name = baseName(path);
  if (isDeclaration(name)) return undefined;
  return SERVER_FILE_NAMES.get(name) ?? SERVER_EXTENSIONS.get(extension(name));
}

/** A name for any file, for the prompt of a file the repo's `include` forced into the review. */
export function promptLanguageOf(path: string): string {
  const name = baseName(path);
  return (
    languageOf(path) ??
    (isDeclaration(name) ? "TypeScript declarations" : undefined) ??
    OTHER_FILE_NAMES.get(name) ??
    // `Dockerfile.prod` is as common as `api.dockerfile`.
    (name.startsWith("dockerfile.") ? "Dockerfile" : undefined) ??
    OTHER_EXTENSIONS.get(extension(name)) ??
    "plain text"
  );
}

function byExtension(language: string, extensions: string[]): [string, string][] {
  return extensions.map((ext) => [ext, language]);
}

function isDeclaration(name: string): boolean {
  return DECLARATION_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).toLowerCase();
}

/** "" for `Makefile` and for dotfiles such as `.env`, whose leading dot starts a name, not an extension. */
function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : "";
}
