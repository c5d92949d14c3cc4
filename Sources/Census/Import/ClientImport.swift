/// What `import` found: the servers of every file it read, what it could
/// not read, and the variables the manifest will need.
struct ClientImport {
  /// What became of one candidate file.
  enum SourceState: Equatable {
    case read(servers: Int)
    case absent
    case unreadable(String)
    /// Read, but in no client format we know.
    case notAClientConfig
  }

  var sources: [(path: String, state: SourceState)] = []
  var servers: [ImportedServer] = []
  var converter = EntryConverter()

  /// Reads and converts one file; its state says what happened.
  mutating func read(_ path: String) {
    let bytes: [UInt8]
    do {
      bytes = try SavedReport.read(path)
    } catch {
      switch error {
      case .missing: sources.append((path, .absent))
      case .unreadable(_, let reason): sources.append((path, .unreadable(reason)))
      }
      return
    }
    let root: JSONValue
    do {
      root = try LenientJSON.parse(bytes)
    } catch {
      sources.append((path, .unreadable(
        "\(error.line):\(error.column): not JSON: \(error.reason)")))
      return
    }
    guard let entries = ClientConfigFormats.entries(in: root, path: path) else {
      sources.append((path, .notAClientConfig))
      return
    }
    sources.append((path, .read(servers: entries.count)))
    for entry in entries {
      servers.append(converter.convert(entry))
    }
  }

  var variables: [ImportVariables.Needed] { converter.variables.needed }

  /// The converted servers, renamed to be unique and valid.
  var namedServers: [ImportedServer] {
    ImportedManifest.uniquelyNamed(servers)
  }
}
