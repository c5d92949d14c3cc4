/// Where a run's reports go: files in a folder, or one report on stdout.
struct ReportOutput {
  /// A folder, or `-` for stdout.
  var directory: String
  /// The formats to write; with `-`, the first one is streamed.
  var formats: [ReportFormat]
  var console: Console
  var failOn: FailOn

  /// Writes the report in every format asked for.
  /// - Returns: the paths written (none when streaming to stdout).
  /// - Throws: `ReportFileError` for a file, or stdout, that did not take
  ///   the report; `problem(_:)` words it for stderr.
  func write(_ report: CensusReport) throws(ReportFileError) -> [String] {
    if directory == "-" {
      let (_, bytes) = rendered(report, as: formats.first ?? .json)
      do {
        try console.output(String(decoding: bytes, as: UTF8.self))
      } catch {
        throw ReportFileError(
          operation: "write the report to", path: "standard output",
          reason: StandardStreams.reason(error))
      }
      return []
    }
    let files = ReportFiles(directory: directory)
    var written: [String] = []
    for format in formats {
      switch format {
      case .json:
        written.append(try files.writeJSON(report))
      case .markdown:
        written.append(try files.writeMarkdown(report))
      case .junit, .sarif:
        let (fileExtension, bytes) = rendered(report, as: format)
        written.append(
          try files.write(bytes, job: report.job, fileExtension: fileExtension))
      }
    }
    return written
  }

  /// The error line for a failed `write`: `cannot write the report to
  /// standard output: No space left on device`, or for a file `cannot
  /// write the reports: cannot write reports/.job.json.tmp-12: ...`.
  func problem(_ error: ReportFileError) -> String {
    let text = directory == "-" ? "\(error)" : "cannot write the reports: \(error)"
    return "mcp-census: error: " + text
  }

  /// The report in one format, with the file extension it is written under.
  /// Files of JSON reports are streamed by `ReportFiles.writeJSON` instead,
  /// so that a large report is never held twice.
  private func rendered(
    _ report: CensusReport, as format: ReportFormat
  ) -> (String, [UInt8]) {
    switch format {
    case .json:
      return ("json", JSONWriter(pretty: true).bytes(report.jsonValue()) + [0x0A])
    case .markdown:
      return ("md", Array(MarkdownReport().markdown(report).utf8))
    case .junit:
      return ("junit.xml", Array(JUnitReport(failOn: failOn).xml(report).utf8))
    case .sarif:
      let value = SARIFReport().jsonValue(report)
      return ("sarif", JSONWriter(pretty: true).bytes(value) + [0x0A])
    }
  }
}
