/// The text of `--help` for the tool and each subcommand.
enum HelpText {
  static let toolUsage = """
    usage: mcp-census run MANIFEST... [options]
           mcp-census validate MANIFEST...
           mcp-census diff OLD.json NEW.json [--format text|json]
           mcp-census audit REPORT.json [--fail-on LEVEL] [--format FORMAT]
    """

  static let exitCodes = """
    Exit codes, the first that applies wins:
      2    usage or manifest error (or an unreadable --baseline); nothing ran
      130  interrupted by SIGINT or SIGTERM; a partial report is written
      3    one or more servers could not be discovered (failed, timeout,
           cancelled), unless --fail-on never; the reports are still written
      1    drift (with --fail-on drift, low, medium or high) or unsuppressed
           findings at or above --fail-on low, medium or high
      0    otherwise
    """

  static let failOnLevels = """
    --fail-on LEVEL (default failure):
      never     exit 0 whatever was found (2 and 130 still apply)
      failure   only servers that could not be discovered fail (exit 3)
      drift     those, and any drift from --baseline (exit 1)
      low|medium|high
                those, drift, and unsuppressed findings of that severity
                or above (exit 1); info findings never fail
    """

  static let tool = """
    mcp-census: inventory the MCP servers a job manifest lists.

    \(toolUsage)

    Commands:
      run        start or connect to every server, discover its tools,
                 resources, resource templates and prompts, write reports
      validate   check manifests and print their effective limits; run nothing
      diff       what changed between two saved reports
      audit      run the checks again on a saved report, offline

    Options:
      -h, --help   this text; 'mcp-census COMMAND --help' for a command
      --version    the tool's version

    \(exitCodes)

    Examples:
      mcp-census validate manifests/example.yaml
      mcp-census run manifests/example.yaml --out reports
      mcp-census run nightly.yaml --only docs,time --format json --out -
      mcp-census run nightly.yaml --baseline previous --fail-on drift
      mcp-census diff reports/old.json reports/nightly.json

    """

  static let runUsage = "usage: mcp-census run MANIFEST... [options]"

  static let run = """
    mcp-census run: discover every server of the manifests and write reports.

    \(runUsage)

    Each manifest is its own job; its reports are <dir>/<job>.json,
    <dir>/<job>.md, <dir>/<job>.junit.xml and <dir>/<job>.sarif. Options
    override the manifest:
      --out DIR             where reports go ('-' streams the JSON to stdout)
      --format LIST         json,markdown,junit,sarif (default: the
                            manifest's output.formats)
      --baseline REPORT     compare with a saved report; 'previous' is the
                            <dir>/<job>.json this run replaces (none yet:
                            a note, no drift)
      --fail-on LEVEL       never, failure, drift, low, medium, high
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

    \(failOnLevels)

    \(exitCodes)

    Examples:
      mcp-census run manifests/example.yaml
      mcp-census run nightly.yaml --concurrency 16 --timeout 10s
      mcp-census run nightly.yaml --tag core --format json --out - | jq .summary

    """

  static let diffUsage = "usage: mcp-census diff OLD.json NEW.json [--format text|json]"

  static let diff = """
    mcp-census diff: what changed between two saved JSON reports.

    \(diffUsage)

    Per server: tools, resources, templates and prompts added, removed or
    changed (description, schema, annotations, title, other), serverInfo
    and protocol revision changes, servers newly failing or recovered; and
    servers added to or removed from the manifest. Text for people on
    stdout, or JSON with --format json.

    Exit codes: 0 no drift, 1 drift, 2 usage error or unreadable report.

    """

  static let auditUsage =
    "usage: mcp-census audit REPORT.json [--fail-on LEVEL] [--format FORMAT]"

  static let audit = """
    mcp-census audit: run the checks again on a saved report, offline.

    \(auditUsage)

    Findings are recomputed from the report alone, honouring the
    suppressions it recorded, and printed on stdout: text (default),
    json (the findings), sarif or junit.

    \(failOnLevels)

    Exit codes, the first that applies wins: 2 usage error or unreadable
    report; 3 the report has servers that were not discovered (unless
    --fail-on never); 1 drift recorded in the report or findings at or
    above the level, as for run; 0 otherwise.

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
