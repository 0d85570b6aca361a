/** Shown after every command's --help: what the environment controls and what the exit codes mean. */
export const ENVIRONMENT_HELP = `
Environment:
  ANTHROPIC_API_KEY     key for Anthropic's API (not needed with --dry-run)
  ANTHROPIC_BASE_URL    another address for Anthropic's API, e.g. a gateway
  BACKEND_REVIEW_PROVIDER
                        anthropic (default), bedrock or vertex; Amazon Bedrock reads AWS_REGION
                        and the AWS credentials (keys, AWS_PROFILE, a role, AWS_BEARER_TOKEN_BEDROCK),
                        Vertex AI reads CLOUD_ML_REGION, ANTHROPIC_VERTEX_PROJECT_ID (or
                        GOOGLE_CLOUD_PROJECT) and Google application default credentials
  BACKEND_REVIEW_MODEL  model alias or id; --model wins over it, and it wins over the config's model
  GITHUB_TOKEN          pr mode: reads the pull request, and posts the review with --post
  GITHUB_API_URL        GitHub Enterprise API, e.g. https://github.example.com/api/v3
                        (default https://api.github.com)
  BACKEND_REVIEW_AGENT_FILE, BACKEND_REVIEW_CHUNK_TOKENS, BACKEND_REVIEW_MAX_INPUT_TOKENS,
  BACKEND_REVIEW_MODEL_CONCURRENCY, BACKEND_REVIEW_MODEL_RETRIES, BACKEND_REVIEW_MODEL_TIMEOUT_MS,
  BACKEND_REVIEW_MAX_FILES, BACKEND_REVIEW_MAX_PATCH_BYTES, BACKEND_REVIEW_MAX_REVIEW_BYTES,
  BACKEND_REVIEW_MAX_CALLS
                        as for the App

Exit codes:
  0  reviewed (or planned), and no finding at or above --fail-on
  1  a finding at or above --fail-on (wins over 3: the finding stands even if a part failed)
  2  not reviewed: bad arguments, invalid configuration, missing or refused credentials,
     a git or GitHub error, or another error that stopped the run
  3  the model failed for at least one part; the reasons and the rest of the review are printed`;

export const PR_HELP = `
Examples:
  backend-review pr acme/api#42
  backend-review pr https://github.com/acme/api/pull/42 --format sarif > review.sarif
  backend-review pr acme/api#42 --post --fail-on high

The configuration is read from the default branch (.github/backend-review.yml, else the
organisation's .github repository), as the App reads it. --post publishes the review the App
would post, inline comments and markers included; it creates no check run (a token other than
the App's cannot), so use the exit code as the CI status.
${ENVIRONMENT_HELP}`;

export const DIFF_HELP = `
Which changes:
  (no range)      the commits on HEAD since it forked from the default branch
                  (origin/HEAD, else main, else master)
  <base>          the commits on HEAD since it forked from <base>, e.g. HEAD~1 or develop
  <a>..<b>        passed to git diff as written (<a>...<b> compares from the merge base)
  --worktree      also the uncommitted changes to tracked files (not untracked files:
                  \`git add -N <file>\` makes one visible)
  --patch <file>  a unified diff from a file, or from stdin with \`-\`

The configuration is .github/backend-review.yml in the working tree, unless --config names another.

Examples:
  backend-review diff --dry-run
  backend-review diff HEAD~3 --worktree --format markdown
  git diff main | backend-review diff --patch - --fail-on medium
${ENVIRONMENT_HELP}`;
