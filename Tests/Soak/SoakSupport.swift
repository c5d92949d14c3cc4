import Census
import Glibc

struct SoakOptions {
  var python = "python3"
  var fixture = ""
  var servers = 500
  var concurrency = 32
  var seed: UInt64 = 42

  init<S: Sequence>(_ arguments: S) where S.Element == String {
    var iterator = arguments.makeIterator()
    while let flag = iterator.next() {
      let value = iterator.next() ?? ""
      switch flag {
      case "--python": python = Self.absolute(value)
      case "--fixture": fixture = Self.absolute(value)
      case "--servers": servers = Int(value) ?? servers
      case "--concurrency": concurrency = Int(value) ?? concurrency
      case "--seed": seed = UInt64(value) ?? seed
      default:
        print("census-soak: unknown option \(flag)")
        exit(2)
      }
    }
  }

  /// A path with a `/` in it, made absolute: the servers run in `/`, so
  /// a path relative to where the soak started would not be found.
  private static func absolute(_ path: String) -> String {
    guard path.contains("/"), !path.hasPrefix("/"),
      let folder = getcwd(nil, 0)
    else { return path }
    defer { free(folder) }
    return String(cString: folder) + "/" + path
  }
}

/// A fault mode of the fixture server, light enough to run hundreds of.
struct SoakMode {
  var name: String
  var arguments: [String] = []
  var status: ServerStatus
  /// Long enough for a python start on a loaded machine, short for no-init.
  var startupTimeout = Duration.seconds(20)

  static let all = [
    SoakMode(name: "ok", status: .ok),
    SoakMode(name: "noise", status: .ok),
    SoakMode(name: "bad-utf8", status: .ok),
    SoakMode(name: "bad-json", status: .ok),
    SoakMode(name: "huge", arguments: ["--size", "2"], status: .ok),
    SoakMode(name: "crlf", status: .ok),
    SoakMode(name: "chatty", status: .ok),
    SoakMode(name: "string-ids", status: .ok),
    SoakMode(name: "exit", status: .failed),
    SoakMode(name: "crash-mid", status: .failed),
    SoakMode(name: "no-init", status: .timeout, startupTimeout: .seconds(1)),
    SoakMode(name: "stderr-flood", arguments: ["--size", "2"], status: .ok),
    SoakMode(name: "grandchild", status: .failed),
    SoakMode(name: "old-rev", status: .ok),
    SoakMode(name: "unknown-rev", status: .failed),
    SoakMode(name: "no-caps", status: .ok),
    SoakMode(name: "not-found", status: .partial),
    SoakMode(name: "pages", status: .ok),
    SoakMode(name: "stuck-cursor", status: .partial),
    SoakMode(name: "bad-schemas", status: .ok),
    SoakMode(name: "batch", status: .ok),
  ]
}

/// A small, fixed-seed generator, so a soak run can be repeated exactly.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

func runJob(_ plan: [(Int, SoakMode)], options: SoakOptions, state: String) -> CensusReport {
  var limits = Limits.defaults
  limits.concurrency = options.concurrency
  limits.retries = 0
  limits.timeout = .seconds(60)
  let servers = plan.map { index, mode in
    var limits = limits
    limits.startupTimeout = mode.startupTimeout
    let launch = StdioLaunch(
      command: options.python,
      args: [options.fixture, mode.name, "--state", state] + mode.arguments,
      env: [:], cwd: "/", inheritEnv: false)
    return ServerSpec(
      name: "s\(index)", description: nil, endpoint: .stdio(launch), tags: [],
      enabled: true, limits: limits, mark: SourceMark(line: index + 1, column: 1))
  }
  let manifest = Manifest(
    path: "soak.yaml", version: 1, job: "soak", description: nil, limits: limits,
    discover: DiscoveryKind.allCases,
    output: OutputSettings(dir: state, formats: [.json]), servers: servers, secrets: [])
  return JobRunner(
    manifest: manifest, selected: Set(servers.map(\.name)), selectionReason: "",
    connector: DefaultConnector(), cancellation: Cancellation(),
    console: Console(verbosity: .quiet, environment: [:]), clientVersion: "soak"
  ).run()
}

func check(_ name: String, _ failures: inout [String], _ holds: () -> Bool) {
  let passed = holds()
  print("\(passed ? "ok  " : "FAIL") \(name)")
  if !passed { failures.append(name) }
}

func openDescriptors() -> Int {
  guard let folder = opendir("/proc/self/fd") else { return -1 }
  defer { closedir(folder) }
  var count = 0
  while readdir(folder) != nil { count += 1 }
  return count
}

/// Fixture processes recorded in `state/pids` that still run (zombies
/// waiting to be reaped by someone else do not count).
func survivors(in state: String) -> [Int32] {
  let pids = readFile(state + "/pids").split(separator: "\n").compactMap {
    Int32($0.split(separator: " ").first ?? "")
  }
  return pids.filter { pid in
    guard kill(pid, 0) == 0 else { return false }
    let stat = readFile("/proc/\(pid)/stat")
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
  }
}

/// A process's state letter, parent and command line, for a failure line.
func describe(_ pid: Int32) -> String {
  let stat = readFile("/proc/\(pid)/stat")
  let command = readFile("/proc/\(pid)/cmdline").split(separator: "\0")
  return "\(pid): \(stat.split(separator: ")").last ?? "") | "
    + command.joined(separator: " ")
}

/// A small file's text, empty when it cannot be read.
func readFile(_ path: String) -> String {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return "" }
  defer { close(descriptor) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count <= 0 { break }
    bytes += buffer[0..<count]
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// A new, empty folder for the fixtures' pid list and markers.
func makeStateFolder() -> String {
  var template = Array("/tmp/census-soak-XXXXXX".utf8CString)
  guard let made = mkdtemp(&template) else {
    print("census-soak: cannot make a folder in /tmp: \(String(cString: strerror(errno)))")
    exit(2)
  }
  return String(cString: made)
}

/// Removes `path` and the files in it (the fixtures make no subfolders).
func removeFolder(_ path: String) {
  guard let folder = opendir(path) else { return }
  while let entry = readdir(folder) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) {
      String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name != "." && name != ".." { unlink(path + "/" + name) }
  }
  closedir(folder)
  rmdir(path)
}
