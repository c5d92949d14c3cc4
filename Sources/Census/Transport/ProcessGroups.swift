import Glibc

/// Every process group this runner started and has not yet seen end.
///
/// A second SIGINT ends the runner at once; before it exits it kills these
/// groups so that not even a server that ignores SIGTERM outlives it.
final class ProcessGroups: Sendable {
  static let shared = ProcessGroups()

  private let groups = Locked(Set<pid_t>())

  func add(_ group: pid_t) {
    groups.withLock { _ = $0.insert(group) }
  }

  func remove(_ group: pid_t) {
    groups.withLock { _ = $0.remove(group) }
  }

  /// The groups still registered.
  var live: Set<pid_t> { groups.value }

  /// SIGKILL to every registered group.
  func killAll() {
    for group in live { kill(-group, SIGKILL) }
  }
}

extension ProcessGroups {
  /// Kills and reaps every process whose parent is this runner.
  ///
  /// The runner is a child subreaper, so a grandchild that left its
  /// server's group (`setsid`) and was orphaned becomes our child. Once
  /// every server has been stopped, any child left is such an orphan.
  /// Only the command line calls this, at the very end: in a process that
  /// runs other work (the tests), it would take that work's children too.
  static func killOrphans() {
    // No child at all, running or not, means no orphan: skip the scan.
    var info = siginfo_t()
    let flags = WEXITED | WNOHANG | WNOWAIT
    if waitid(P_ALL, 0, &info, flags) == -1 && errno == ECHILD { return }

    let me = getpid()
    guard let folder = opendir("/proc") else { return }
    defer { closedir(folder) }
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = pid_t(name), parent(of: pid) == me else { continue }
      kill(pid, SIGKILL)
      var status: Int32 = 0
      _ = waitpid(pid, &status, 0)
    }
  }

  /// The parent pid from `/proc/PID/stat`, after the command's `)`.
  private static func parent(of pid: pid_t) -> pid_t? {
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    let count = read(descriptor, &buffer, buffer.count)
    guard count > 0 else { return nil }
    let text = buffer[0..<count]
    guard let close = text.lastIndex(of: UInt8(ascii: ")")) else { return nil }
    let fields = text[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count > 1 else { return nil }
    return pid_t(String(decoding: fields[1], as: UTF8.self))
  }
}
