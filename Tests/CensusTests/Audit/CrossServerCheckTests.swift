import Testing

@testable import Census

/// The checks that compare servers, on jobs large enough that comparing
/// every pair would show: what they find, and how they word it.
@Suite struct CrossServerCheckTests {
  /// `count` copies of the sample clock server, named `s0`, `s1`, ...,
  /// each with `tools` as its tools.
  private func job(_ count: Int, tools: (Int) -> [JSONValue]) -> CensusReport {
    var report = SampleReports.mixed()
    report.servers = (0..<count).map { index in
      var server = SampleReports.clock()
      server.name = "s\(index)"
      server.discovery.instructions = nil
      server.discovery.lists[0].items = tools(index).map(RawJSON.init)
      return server
    }
    return report
  }

  private func tool(_ name: String, _ description: String) -> JSONValue {
    .object([
      "name": .string(name), "description": .string(description),
      "inputSchema": .object(["type": .string("object")]),
    ])
  }

  @Test func aNameSharedByManyServersNamesFiveAndCountsTheRest() {
    let report = job(12) { _ in [tool("search_notes", "Searches notes.")] }
    let findings = DuplicateToolNameCheck().findings(in: report)
    #expect(findings.count == 12)
    #expect(findings[3].server == "s3")
    #expect(findings[3].message
      == "tool 'search_notes' is also offered by server 's0', 's1', 's2', "
        + "'s4', 's5' and 6 more")
    // Servers past the ones listed share one text, made once.
    for index in [6, 8, 11] {
      #expect(findings[index].server == "s\(index)")
      #expect(findings[index].message
        == "tool 'search_notes' is also offered by server 's0', 's1', 's2', "
          + "'s3', 's4' and 6 more")
    }
    #expect(findings[0].message.hasPrefix(
      "tool 'search_notes' is also offered by server 's1', 's2', 's3'"))
  }

  @Test func aNameOfferedTwiceByOneServerIsFound() {
    let report = job(2) { index in
      index == 0
        ? [tool("search", "v1"), tool("search", "v2"), tool("other", "o")]
        : [tool("search", "v3"), tool("fetch", "f"), tool("fetch", "g"), tool("fetch", "h")]
    }
    let findings = DuplicateToolNameCheck().findings(in: report)
    #expect(findings.map(\.server) == ["s0", "s1", "s1"])
    #expect(findings.map { $0.item?.name } == ["search", "search", "fetch"])
    #expect(findings[0].message
      == "tool 'search' is also offered by server 's1'; it is also offered 2 times "
        + "by this server, and a client can reach only one of them")
    #expect(findings[1].message == "tool 'search' is also offered by server 's0'")
    #expect(findings[2].message
      == "tool 'fetch' is offered 3 times by this server, and a client can reach "
        + "only one of them")
  }

  @Test func toolsWithoutANameAreLeftToTheSchemaCheck() {
    let nameless = JSONValue.object(["description": .string("no name")])
    let report = job(2) { _ in [nameless, nameless] }
    #expect(DuplicateToolNameCheck().findings(in: report).isEmpty)
  }

  @Test func aNameSharedByFewServersListsThemAll() {
    let report = job(3) { _ in [tool("search_notes", "Searches notes.")] }
    let findings = DuplicateToolNameCheck().findings(in: report)
    #expect(findings.map(\.message) == [
      "tool 'search_notes' is also offered by server 's1', 's2'",
      "tool 'search_notes' is also offered by server 's0', 's2'",
      "tool 'search_notes' is also offered by server 's0', 's1'",
    ])
  }

  @Test func referencesAreFoundAsWholeWordsInServerOrder() {
    let report = job(4) { index in
      switch index {
      case 0:
        return [tool("fetch_page", "Fetches a page."),
          tool("files.read", "Reads a file.")]
      case 1:
        return [tool("fetch_page", "Also fetches a page.")]
      case 2:
        return [tool("send_mail", "Call files.read, then fetch_page first.")]
      default:
        return [tool("noise", "Uses prefetch_pages and files.reader and "
          + "my-fetch_page; none of them count.")]
      }
    }
    let findings = CrossServerReferenceCheck().findings(in: report)
    #expect(findings.count == 1)
    #expect(findings.first?.server == "s2")
    // fetch_page comes first in server order (s0's first tool), although
    // files.read comes first in the text.
    #expect(findings.first?.message
      == "tool 'send_mail' description names tool 'fetch_page' of server "
        + "'s0'")
    #expect(findings.first?.evidence?.contains("fetch_page") == true)
  }

  /// Servers that were not discovered are left out, and owners are still
  /// named right when such servers come before them.
  @Test func serversNotDiscoveredAreLeftOutAndOwnersStillNamedRight() {
    var report = job(5) { index in
      switch index {
      case 2: return [tool("fetch_page", "Fetches a page.")]
      case 4: return [tool("send_mail", "Then call fetch_page.")]
      default: return [tool("fetch_page", "A copy.")]
      }
    }
    for index in [0, 1, 3] { report.servers[index].status = .failed }
    let references = CrossServerReferenceCheck().findings(in: report)
    #expect(references.map(\.message) == [
      "tool 'send_mail' description names tool 'fetch_page' of server 's2'",
    ])
    #expect(DuplicateToolNameCheck().findings(in: report).isEmpty)
  }

  @Test func aServerNamingItsOwnToolIsNotFlagged() {
    let report = job(2) { index in
      [tool("fetch_page", "Calls fetch_page for you."),
        tool("tool_\(index)", "Plain.")]
    }
    #expect(CrossServerReferenceCheck().findings(in: report).isEmpty)
  }
}
