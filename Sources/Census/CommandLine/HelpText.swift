/// The text of `--help` for the tool and each subcommand.
enum HelpText {
  static let toolUsage = """
    usage: mcp-census run MANIFEST... [options]
           mcp-census validate MANIFEST...
    """

  static let exitCodes = """
    Exit codes:
      0    every selected server was discovered
      2    usage or manifest error; nothing was run
      3    one or more servers could not be discovered (failed, timeout,
           cancelled); the reports are still written
      130  interrupted by SIGINT or SIGTERM; a partial report is written
    """

  static let tool = """
    mcp-census: inventory the MCP servers a job manifest lists.

    \(toolUsage)

    Commands:
      run        start or connect to every server, discover its tools,
                 resources, resource templates and prompts, write reports
      validate   check manifests and print their effective limits; run nothing

    Options:
      -h, --help   this text; 'mcp-census COMMAND --help' for a command
      --version    the tool's version

    \(exitCodes)

    Examples:
      mcp-census validate manifests/example.yaml
      mcp-census run manifests/example.yaml --out reports
      mcp-census run nightly.yaml --only docs,time --format json --out -

    """

  static let runUsage = "usage: mcp-census run MANIFEST... [options]"

  static let run = """
    mcp-census run: discover every server of the manifests and write reports.

    \(runUsage)

    Each manifest is its own job; its reports are <dir>/<job>.json and
    <dir>/<job>.md. Options override the manifest:
      --out DIR             where reports go ('-' streams the JSON to stdout)
      --format LIST         json,markdown (default: the manifest's output.formats)
      --concurrency N       servers in flight at once (1...1024)
      --timeout DURATION    one attempt at one server, e.g. 30s
      --retries N           extra attempts after a retryable failure (0...10)
      --only NAME[,NAME]    discover only these servers; others are skipped
      --tag TAG             discover only servers with this tag
      --quiet               no progress and no closing summary
      --verbose             per-server steps on stderr
      -h, --help            this text

    Progress is a live line on stderr when it is a terminal (NO_COLOR
    turns colour off). stdout carries only what was asked for.

    \(exitCodes)

    Examples:
      mcp-census run manifests/example.yaml
      mcp-census run nightly.yaml --concurrency 16 --timeout 10s
      mcp-census run nightly.yaml --tag core --format json --out - | jq .summary

    """

  static let validateUsage = "usage: mcp-census validate MANIFEST..."

  static let validate = """
    mcp-census validate: check manifests without running anything.

    \(validateUsage)

    Prints one line per valid manifest (job, servers, effective limits).
    Every error of every file is printed as path:line:col: error: message,
    with the line and a caret under the column.

    Exit codes: 0 all manifests valid, 2 any invalid.

    Example:
      mcp-census validate manifests/*.yaml

    """
}
