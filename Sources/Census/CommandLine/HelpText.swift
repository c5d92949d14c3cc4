/// The text of `--help` for the tool and each subcommand.
enum HelpText {
  static let toolUsage = """
    usage: mcp-census run MANIFEST... [options]
           mcp-census validate MANIFEST...
           mcp-census diff OLD.json NEW.json [--format text|json]
           mcp-census audit REPORT.json [--fail-on LEVEL] [--format FORMAT]
           mcp-census merge REPORT.json... --out DIR [options]
           mcp-census import FILE... [--local] [--out FILE] [--job NAME]
    """

  static let exitCodes = """
    Exit codes, the first that applies wins:
      2    usage or manifest error (or an unreadable --baseline, or an --out
           found unwritable before the run); nothing ran
      3    the reports could not be written (a file, or stdout with --out -);
           stderr says which and why. Even if interrupted or --fail-on never
      130  interrupted by SIGINT, SIGTERM or SIGHUP; a partial report is written
      3    one or more servers could not be discovered (failed, timeout,
           cancelled), unless --fail-on never; the reports are still written
      1    drift (with --fail-on drift, low, medium or high) or unsuppressed
           findings at or above --fail-on low, medium or high
      0    otherwise
    """

  /// The `--fail-on` levels, for `run` and for `audit`, which differ in
  /// where drift comes from and which other codes still apply.
  static func failOnLevels(drift: String, stillApply: String) -> String {
    """
    --fail-on LEVEL (default failure):
      never     exit 0 whatever was found
                (\(stillApply) still apply)
      failure   only servers that could not be discovered fail (exit 3)
      drift     those, and \(drift) (exit 1)
      low|medium|high
                those, drift, and unsuppressed findings of that severity
                or above (exit 1); info findings never fail
    """
  }

  static let tool = """
    mcp-census: inventory the MCP servers a job manifest lists.

    \(toolUsage)

    Commands:
      run        start or connect to every server, discover its tools,
                 resources, resource templates and prompts, write reports
      validate   check manifests and print their effective limits; run nothing
      diff       what changed between two saved reports
      audit      run the checks again on a saved report, offline
      merge      combine the reports of 'run --shard' into one
      import     write a manifest from MCP client configurations

    Options:
      -h, --help   this text; 'mcp-census COMMAND --help' (or -h) for a command
      --version    the tool's version and the commit it was built from

    An option that takes a value is given at most once (--only and --format
    take comma-separated lists); twice is a usage error. A flag twice counts
    once. When stdout does not take the output a command was asked for
    (closed, disk full, its reader gone), the command says so and exits 3.

    \(exitCodes)

    Examples:
      mcp-census validate manifests/example.yaml
      mcp-census run manifests/example.yaml --out reports
      mcp-census run nightly.yaml --only docs,time --format json --out -
      mcp-census run nightly.yaml --baseline previous --fail-on drift
      mcp-census diff reports/old.json reports/nightly.json
      mcp-census import ~/.cursor/mcp.json --out manifests/cursor.yaml
      mcp-census run nightly.yaml --shard 2/4 --out shards/2

    """

  static let runUsage = "usage: mcp-census run MANIFEST... [options]"

  static let run = """
    mcp-census run: discover every server of the manifests and write reports.

    \(runUsage)

    Each manifest is its own job; its reports are <dir>/<job>.json,
    <dir>/<job>.md, <dir>/<job>.junit.xml and <dir>/<job>.sarif. Options
    override the manifest:
      --out DIR             where reports go; '-' streams one report to
                            stdout: JSON, or the one --format given (two
                            or more with '-' are a usage error)
      --format LIST         json,markdown,junit,sarif (default: the
                            manifest's output.formats)
      --baseline REPORT     compare with a saved report; 'previous' is the
                            <dir>/<job>.json this run replaces (none yet:
                            a note, no drift)
      --fail-on LEVEL       never, failure, drift, low, medium, high
      --concurrency N       servers in flight at once (1...1024)
      --timeout DURATION    one attempt's lists, after initialize, e.g. 30s
      --retries N           extra attempts after a retryable failure (0...10)
      --only NAME[,NAME]    discover only these servers; others are skipped
      --tag TAG             discover only servers with this tag
      --shard I/N           run only the servers whose name hashes to shard
                            I of N (1 <= I <= N <= 1000); the others are
                            skipped as "in shard K of N". A shard may hold
                            no server: that is not an error
      --quiet               no progress and no closing summary
      --verbose             per-server steps on stderr
      -h, --help            this text

    Each option that takes a value is given once; --only and --format take
    comma-separated lists. Giving one twice is a usage error (exit 2).

    Progress is a live line on stderr when it is a terminal (NO_COLOR
    turns colour off), redrawn at least once a second. stdout carries only
    what was asked for.

    \(failOnLevels(
      drift: "any drift from --baseline",
      stillApply: "2, 130, and 3 for reports not written,"))

    \(exitCodes)

    Examples:
      mcp-census run manifests/example.yaml
      mcp-census run nightly.yaml --concurrency 16 --timeout 10s
      mcp-census run nightly.yaml --tag core --format json --out - | jq .summary
      mcp-census run nightly.yaml --shard 1/3 --out shards/1 --format json

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

    Exit codes: 0 no drift, 1 drift, 2 usage error or unreadable report,
    3 stdout did not take the drift (closed, disk full, its reader gone).

    Examples:
      mcp-census diff reports/yesterday.json reports/nightly.json
      mcp-census diff old.json new.json --format json | jq .serversAdded

    """

  static let auditUsage =
    "usage: mcp-census audit REPORT.json [--fail-on LEVEL] [--format FORMAT]"

  static let audit = """
    mcp-census audit: run the checks again on a saved report, offline.

    \(auditUsage)

    Findings are recomputed from the report alone, honouring the
    suppressions it recorded, and printed on stdout: text (default),
    json (the findings), sarif or junit.

    \(failOnLevels(
      drift: "drift recorded in the report",
      stillApply: "2, and 3 for findings not written,"))

    Exit codes, the first that applies wins: 2 usage error or unreadable
    report; 3 stdout did not take the findings (closed, disk full, its
    reader gone), or the report has servers that were not discovered
    (unless --fail-on never); 1 drift recorded in the report or findings
    at or above the level, as for run; 0 otherwise.

    Examples:
      mcp-census audit reports/nightly.json --fail-on medium
      mcp-census audit reports/nightly.json --format sarif > audit.sarif

    """

  static let validateUsage = "usage: mcp-census validate MANIFEST..."

  static let validate = """
    mcp-census validate: check manifests without running anything.

    \(validateUsage)

    Prints one line per valid manifest (job, servers, effective limits).
    Every error of every file is printed as path:line:col: error: message,
    with the line and a caret under the column.

    Exit codes: 0 all manifests valid, 2 any invalid, 3 stdout did not
    take the summary lines.

    Example:
      mcp-census validate manifests/*.yaml

    """

  static let mergeUsage =
    "usage: mcp-census merge REPORT.json... --out DIR [options]"

  static let merge = """
    mcp-census merge: combine the reports of one job's shards into the
    report a single run would have written.

    \(mergeUsage)

    Give the JSON report of every shard ('run --shard I/N'). Each server's
    record is taken from the shard that ran it; the summary and the
    findings (a tool name two shards both offer, for one) are worked out
    again over all servers, then drift against --baseline. The reports
    must be of the same job and manifest, and every shard 1...N must be
    there exactly once: what is missing or given twice is named, exit 2.
      --out DIR             where the merged reports go; '-' streams one
                            to stdout: JSON, or the one --format given
      --format LIST         json,markdown,junit,sarif (default json,markdown)
      --baseline REPORT     compare the merged report with a saved one
      --fail-on LEVEL       never, failure, drift, low, medium, high
      --quiet               no closing summary
      -h, --help            this text

    Exit codes as for run: 2 usage error or reports that do not fit
    together, 3 the merged reports could not be written (a file, or
    stdout with --out -) or servers not discovered, 1 drift or findings
    at or above --fail-on, 0 otherwise.

    Example:
      for i in 1 2 3; do mcp-census run job.yaml --shard $i/3 --out s$i; done
      mcp-census merge s1/job.json s2/job.json s3/job.json --out reports

    """

  static let importUsage =
    "usage: mcp-census import FILE... [--local] [--out FILE] [--job NAME]"

  static let importHelp = """
    mcp-census import: write a manifest from MCP client configurations.

    \(importUsage)

    Reads Claude Desktop and Cursor ('mcpServers'), VS Code ('mcp.json'
    with 'servers' and 'inputs', 'settings.json' with 'mcp.servers'),
    Claude Code ('.mcp.json', '~/.claude.json' with its projects),
    Windsurf ('serverUrl') and Gemini CLI ('httpUrl'); comments and
    trailing commas are accepted. Every server found becomes an entry,
    renamed when needed to be unique and valid; one that cannot be
    converted is named on stderr with the reason and as a comment.

    Literal secrets in env, headers and arguments are never copied: they
    become ${VAR} references, and the variables to set are listed on
    stderr. ${env:X} and $X become ${X}; a VS Code ${input:id} becomes a
    variable named after the input.
      --out FILE            write the manifest there (atomically), not stdout
      --local               also read this machine's well-known files
                            (under $HOME, $XDG_CONFIG_HOME, macOS's
                            ~/Library/Application Support, and the current
                            folder), saying which were read, absent or
                            unreadable
      --job NAME            the manifest's job name (default imported)
      -h, --help            this text

    Exit codes: 0 a manifest was written; 2 usage error, a named file
    that cannot be read or holds no servers, or nothing to import; 3 the
    manifest could not be written (to FILE, or to stdout).

    Examples:
      mcp-census import ~/.cursor/mcp.json > manifests/cursor.yaml
      mcp-census import --local --out manifests/this-machine.yaml

    """
}
