import Foundation
import Testing

@testable import Census

/// `make install-files`, the man page, the completions and `--version`.
@Suite struct InstallTests {
  static let root = CensusBinary.root.path

  @Test func theManPageRendersWithoutWarnings() throws {
    let page = Self.root + "/docs/mcp-census.1"
    let groff = try CensusBinary.runProgram(
      "/usr/bin/env", ["groff", "-man", "-Tutf8", "-ww", "-z", page])
    #expect(groff.status == 0)
    #expect(groff.stderr.isEmpty, "\(groff.stderr)")
    let man = try CensusBinary.runProgram(
      "/usr/bin/env", ["man", "--warnings", "-l", page], environment: ["MANWIDTH": "80"])
    #expect(man.status == 0, "\(man.stderr)")
    #expect(man.stderr.isEmpty, "\(man.stderr)")
    for text in ["SYNOPSIS", "mcp-census merge", "--shard I/N", "EXIT STATUS"] {
      #expect(man.stdout.contains(text), "\(text)")
    }
  }

  @Test func theBashCompletionRegistersAndCompletes() throws {
    let script = Self.root + "/completions/mcp-census.bash"
    let outcome = try CensusBinary.runProgram("/bin/bash", ["-c", """
      source '\(script)' && complete -p mcp-census && \
      COMP_WORDS=(mcp-census me) COMP_CWORD=1 && _mcp_census && \
      echo "${COMPREPLY[*]}" && \
      COMP_WORDS=(mcp-census run x.yaml --fail-on h) COMP_CWORD=4 && _mcp_census && \
      echo "${COMPREPLY[*]}" && \
      COMP_WORDS=(mcp-census run --sh) COMP_CWORD=2 && _mcp_census && \
      echo "${COMPREPLY[*]}"
      """])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout == """
      complete -o filenames -F _mcp_census mcp-census
      merge
      high
      --shard

      """)
  }

  @Test func theZshCompletionNamesEveryCommand() throws {
    let text = try String(
      contentsOfFile: Self.root + "/completions/_mcp-census", encoding: .utf8)
    #expect(text.hasPrefix("#compdef mcp-census\n"))
    for command in ["run", "validate", "diff", "audit", "merge", "import"] {
      #expect(text.contains("'\(command):"), "\(command)")
    }
    let zsh = ["/usr/bin/zsh", "/bin/zsh"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let zsh else {
      print("skipped: zsh is not installed; _mcp-census was not parsed")
      return
    }
    let outcome = try CensusBinary.runProgram(zsh, ["-n", Self.root + "/completions/_mcp-census"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
  }

  @Test func installPutsEveryFileInItsPlaceAndVersionNamesTheCommit() throws {
    let prefix = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: prefix) }
    let outcome = try CensusBinary.runProgram("/usr/bin/env", [
      "make", "-s", "-C", Self.root, "install-files", "PREFIX=\(prefix.path)",
      "BINARY=\(CensusBinary.executable)",
    ])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    for file in [
      "bin/mcp-census", "share/man/man1/mcp-census.1", "share/mcp-census/commit",
      "share/bash-completion/completions/mcp-census",
      "share/zsh/site-functions/_mcp-census",
    ] {
      #expect(FileManager.default.fileExists(atPath: prefix.path + "/" + file), "\(file)")
    }
    let commit = try String(
      contentsOfFile: prefix.path + "/share/mcp-census/commit", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let version = try CensusBinary.runProgram(prefix.path + "/bin/mcp-census", ["--version"])
    #expect(version.stdout == "mcp-census \(CensusCommand.version) (commit \(commit))\n")
    #expect(!commit.isEmpty)
  }

  @Test func aBinaryWithoutACommitFileSaysSo() throws {
    let folder = try CensusBinary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.path + "/mcp-census"
    try FileManager.default.copyItem(atPath: CensusBinary.executable, toPath: copy)
    let plain = try CensusBinary.runProgram(copy, ["--version"])
    #expect(plain.stdout == "mcp-census \(CensusCommand.version) (commit unknown)\n")
    try "0123abcd\n".write(
      toFile: folder.path + "/mcp-census.commit", atomically: true, encoding: .utf8)
    let built = try CensusBinary.runProgram(copy, ["--version"])
    #expect(built.stdout == "mcp-census \(CensusCommand.version) (commit 0123abcd)\n")
  }

  /// Every command's --help exits 0, has examples, and the README lists
  /// every command and option the help text names.
  @Test(arguments: ["run", "validate", "diff", "audit", "merge", "import"])
  func everyCommandHasHelpThatTheReadmeAgreesWith(_ command: String) throws {
    let outcome = try CensusBinary.run([command, "--help"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasPrefix("mcp-census \(command): "))
    let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
    #expect(readme.contains("mcp-census \(command) "), "README lacks \(command)")
    let options = outcome.stdout.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.hasPrefix("--") else { return nil }
      return String(trimmed.prefix { $0 != " " && $0 != "," })
    }
    for option in options where option != "--help" {
      #expect(readme.contains("`\(option)"), "README lacks \(command) \(option)")
    }
  }
}
