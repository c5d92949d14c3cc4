/// Where a run's reports go: files in a folder, or the JSON on stdout.
struct ReportOutput {
  /// A folder, or `-` for stdout.
  var directory: String
  var formats: [ReportFormat]
  var console: Console
  var failOn: FailOn

  /// Writes the report in every format asked for.
  /// - Returns: the paths written (none when streaming to stdout).
  func write(_ report: CensusReport) throws(ReportFileError) -> [String] {
    if directory == "-" {
      var bytes = JSONWriter(pretty: true).bytes(report.jsonValue())
      bytes.append(UInt8(ascii: "\n"))
      console.output(String(decoding: bytes, as: UTF8.self))
      return []
    }
    let files = ReportFiles(directory: directory)
    var written: [String] = []
    for format in formats {
      switch format {
      case .json: written.append(try files.writeJSON(report))
      case .markdown: written.append(try files.writeMarkdown(report))
      case .junit:
        let text = JUnitReport(failOn: failOn).xml(report)
        written.append(
          try files.write(Array(text.utf8), job: report.job, fileExtension: "junit.xml"))
      case .sarif:
        var bytes = JSONWriter(pretty: true).bytes(SARIFReport().jsonValue(report))
        bytes.append(UInt8(ascii: "\n"))
        written.append(try files.write(bytes, job: report.job, fileExtension: "sarif"))
      }
    }
    return written
  }
}
