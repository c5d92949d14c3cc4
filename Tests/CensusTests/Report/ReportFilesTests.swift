import Foundation
import Testing

@testable import Census

@Suite struct ReportFilesTests {
  /// A fresh folder under the system's temporary folder.
  func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("census-report-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writingReplacesTheOldFileAndLeavesNoTemporaryFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let old = "\(folder)/nightly-inventory.json"
    try "old report".write(toFile: old, atomically: false, encoding: .utf8)

    let report = SampleReports.mixed()
    let files = ReportFiles(directory: folder)
    let path = try files.writeJSON(report)
    #expect(path == old)

    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasSuffix("}\n"))
    #expect(try CensusReport(json: JSONParser.parse(text)) == report)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(names == ["nightly-inventory.json"])
  }

  @Test func writingCreatesMissingFolders() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let nested = "\(folder)/reports/2026/12"

    let path = try ReportFiles(directory: nested)
      .writeMarkdown(SampleReports.mixed())

    #expect(path == "\(nested)/nightly-inventory.md")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("# mcp-census report: nightly-inventory\n"))
  }

  @Test(arguments: ["../escape", "a/b", "..", "", "x..y", "/etc/passwd"])
  func aJobNameThatLeavesTheFolderIsRefused(job: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var report = SampleReports.mixed()
    report.job = job

    let error = #expect(throws: ReportFileError.self) {
      try ReportFiles(directory: folder).writeJSON(report)
    }

    #expect(error?.code == nil)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(names.isEmpty)
  }

  @Test func aFileInPlaceOfTheFolderIsReportedWithItsPath() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let blocker = "\(folder)/reports"
    try "".write(toFile: blocker, atomically: false, encoding: .utf8)

    let error = #expect(throws: ReportFileError.self) {
      try ReportFiles(directory: blocker).writeJSON(SampleReports.mixed())
    }

    #expect(error?.code == ENOTDIR)
    #expect(
      error?.description
        == "cannot create the folder \(blocker): Not a directory")
  }
}
