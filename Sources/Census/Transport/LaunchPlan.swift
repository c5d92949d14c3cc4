import Glibc

/// Why a program could not be started. Prints as
/// "cannot start 'foo': no such program on PATH (/usr/bin:/bin)".
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The command as the manifest gave it.
  public var program: String
  public var reason: String

  public init(program: String, reason: String) {
    self.program = program
    self.reason = reason
  }

  public var description: String { "cannot start '\(program)': \(reason)" }
}

/// Everything `posix_spawn` needs, worked out before any process exists,
/// so that a missing program or folder is a clear error and not an errno.
struct LaunchPlan: Equatable {
  /// Absolute (or cwd-relative) path of the file to execute.
  var executable: String
  /// argv, starting with the command as given.
  var arguments: [String]
  /// `NAME=value` entries, sorted by name.
  var environment: [String]
  /// The child's working folder, nil to keep ours.
  var workingDirectory: String?

  /// Variables a child keeps from our environment unless `inheritEnv`.
  static let minimalNames = [
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
    "TMPDIR", "SHELL", "TERM",
  ]

  /// Used when neither the manifest nor our environment sets PATH.
  static let fallbackPath = "/usr/local/bin:/usr/bin:/bin"

  /// Builds the plan for `launch`, looking the program up on the PATH the
  /// child will get.
  /// - Throws: `SpawnError` when the folder or the program is unusable.
  init(
    _ launch: StdioLaunch, parentEnvironment: [String: String]
  ) throws(SpawnError) {
    let program = launch.command
    func failure(_ reason: String) -> SpawnError {
      SpawnError(program: program, reason: reason)
    }

    guard !program.isEmpty else { throw failure("the command is empty") }
    let folder = launch.cwd.isEmpty ? nil : launch.cwd
    if let folder {
      switch FileCheck(folder) {
      case .missing:
        throw failure("working folder '\(folder)' does not exist")
      case .directory:
        break
      default:
        throw failure("working folder '\(folder)' is not a folder")
      }
    }

    let variables = Self.environment(for: launch, parent: parentEnvironment)
    let path = variables["PATH"] ?? Self.fallbackPath
    executable = try Self.locate(program, path: path, folder: folder)
    arguments = [program] + launch.args
    environment = variables.sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value)" }
    workingDirectory = folder
  }

  /// The child's variables: ours (all, or the minimal set) plus `env`.
  static func environment(
    for launch: StdioLaunch, parent: [String: String]
  ) -> [String: String] {
    var result: [String: String] = [:]
    if launch.inheritEnv {
      result = parent
    } else {
      for name in minimalNames {
        if let value = parent[name] { result[name] = value }
      }
    }
    result.merge(launch.env) { _, manifest in manifest }
    return result
  }

  /// Finds the file to execute the way execvp would, but relative folders
  /// are taken from the child's working folder, where it will run.
  private static func locate(
    _ program: String, path: String, folder: String?
  ) throws(SpawnError) -> String {
    func failure(_ reason: String) -> SpawnError {
      SpawnError(program: program, reason: reason)
    }

    if program.contains("/") {
      let candidate = absolute(program, in: folder)
      switch FileCheck(candidate) {
      case .executable: return candidate
      case .missing: throw failure("no such file")
      case .directory: throw failure("it is a folder, not a program")
      case .notExecutable: throw failure("the file is not executable")
      }
    }

    var unusable: String?
    for entry in path.split(separator: ":", omittingEmptySubsequences: false) {
      let base = entry.isEmpty ? "." : String(entry)
      let candidate = absolute(base, in: folder) + "/" + program
      switch FileCheck(candidate) {
      case .executable: return candidate
      case .notExecutable: unusable = unusable ?? candidate
      case .missing, .directory: continue
      }
    }
    if let unusable {
      throw failure("\(unusable) is not executable")
    }
    throw failure("no such program on PATH (\(path))")
  }

  private static func absolute(_ path: String, in folder: String?) -> String {
    guard let folder, !path.hasPrefix("/") else { return path }
    return folder.hasSuffix("/") ? folder + path : folder + "/" + path
  }
}

/// What a path names, as far as starting a program is concerned.
private enum FileCheck {
  case missing, directory, notExecutable, executable

  init(_ path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else {
      self = .missing
      return
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      self = .directory
    } else if info.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0 {
      self = .executable
    } else {
      self = .notExecutable
    }
  }
}
