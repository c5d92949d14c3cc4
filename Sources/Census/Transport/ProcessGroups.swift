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
