import Foundation
import Glibc

/// A process a test started and everything it started in turn, found
/// through /proc. A signal to the test's child alone, or to its group,
/// misses some: `script(1)` gives its program a session of its own, and
/// the runner starts each server in a group of its own.
enum ProcessTree {
  /// Kills `root` and all its descendants. Each is stopped first and the
  /// tree looked at again until no new process appears, so that none
  /// starts a child, or leaves one to init, between the look and the kill.
  static func kill(_ root: pid_t) {
    var stopped: Set<pid_t> = []
    var found: Set<pid_t> = [root]
    while !found.isSubset(of: stopped) {
      for pid in found.subtracting(stopped) {
        Glibc.kill(pid, SIGSTOP)
        stopped.insert(pid)
      }
      found = descendants(of: root).union([root])
    }
    for pid in stopped { Glibc.kill(pid, SIGKILL) }
  }

  /// Every process whose parent, or parent's parent and so on, is `root`.
  static func descendants(of root: pid_t) -> Set<pid_t> {
    var children: [pid_t: [pid_t]] = [:]
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
      guard let pid = pid_t(entry), let parent = parent(of: pid) else { continue }
      children[parent, default: []].append(pid)
    }
    var found: Set<pid_t> = []
    var next = [root]
    while let pid = next.popLast() {
      for child in children[pid] ?? [] where found.insert(child).inserted {
        next.append(child)
      }
    }
    return found
  }

  /// The parent in `/proc/PID/stat`: the second field after the command
  /// name, which is in parentheses and may itself hold spaces and `)`.
  private static func parent(of pid: pid_t) -> pid_t? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    return fields.count > 1 ? pid_t(fields[1]) : nil
  }
}
