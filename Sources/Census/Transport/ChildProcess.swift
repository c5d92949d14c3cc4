import CSystem
import Glibc

/// How long each step of stopping a server may take (INTEROP item 9).
public struct StopTimings: Sendable, Equatable {
  /// After stdin is closed, before SIGTERM goes to the group.
  public var grace: Duration
  /// After SIGTERM, before SIGKILL.
  public var terminate: Duration
  /// After SIGKILL, before we give up waiting for the group to vanish.
  public var kill: Duration

  public init(grace: Duration, terminate: Duration, kill: Duration) {
    self.grace = grace
    self.terminate = terminate
    self.kill = kill
  }

  /// Two seconds for each step.
  public static let standard = StopTimings(
    grace: .seconds(2), terminate: .seconds(2), kill: .seconds(2))
}

/// A program started without a shell, leading its own process group, its
/// stdin, stdout and stderr connected to pipes that only we hold.
///
/// Not thread-safe: one owner drives it (the stdio transport keeps it
/// behind a lock). `stop` must run before the object is dropped, or the
/// process group outlives it; `deinit` only closes descriptors.
final class ChildProcess {
  /// The leader's pid, which is also the process group id.
  let pid: pid_t
  /// Our end of the child's stdin; -1 once closed.
  private(set) var standardInput: Int32
  /// Our end of the child's stdout; -1 once closed.
  private(set) var standardOutput: Int32
  /// Our end of the child's stderr; -1 once closed.
  private(set) var standardError: Int32
  /// A pidfd that polls readable when the leader exits; -1 if the kernel
  /// has none.
  let exitDescriptor: Int32
  /// How the leader ended, once reaped.
  private(set) var exitStatus: ExitStatus?

  private var scratch = uninitializedBuffer(64 * 1024)

  /// Starts `launch` with the environment the manifest asks for, taken
  /// from `parentEnvironment` (ours, read now, unless given).
  /// - Throws: `SpawnError` naming the program and what went wrong.
  convenience init(
    _ launch: StdioLaunch, parentEnvironment: [String: String]? = nil
  ) throws(SpawnError) {
    let plan = try LaunchPlan(
      launch,
      parentEnvironment: parentEnvironment ?? ProcessEnvironment.current())
    try self.init(plan: plan, program: launch.command)
  }

  init(plan: LaunchPlan, program: String) throws(SpawnError) {
    Self.runnerSettings
    var pipes: [(read: Int32, write: Int32)] = []
    func closeAll() {
      for pipe in pipes {
        SystemCall.close(pipe.read)
        SystemCall.close(pipe.write)
      }
    }

    do {
      for _ in 0..<3 { pipes.append(try SystemCall.pipe()) }
      try SystemCall.setNonBlocking(pipeEnd: pipes[0].write)
      try SystemCall.setNonBlocking(pipeEnd: pipes[1].read)
      try SystemCall.setNonBlocking(pipeEnd: pipes[2].read)
    } catch {
      closeAll()
      throw SpawnError(program: program, reason: error.description)
    }

    let childEnds = (pipes[0].read, pipes[1].write, pipes[2].write)
    let spawned = Self.spawn(plan, stdio: childEnds)
    SystemCall.close(pipes[0].read)
    SystemCall.close(pipes[1].write)
    SystemCall.close(pipes[2].write)
    switch spawned {
    case .success(let pid):
      self.pid = pid
      ProcessGroups.shared.add(pid)
    case .failure(let error):
      SystemCall.close(pipes[0].write)
      SystemCall.close(pipes[1].read)
      SystemCall.close(pipes[2].read)
      throw SpawnError(program: program, reason: error.description)
    }

    standardInput = pipes[0].write
    standardOutput = pipes[1].read
    standardError = pipes[2].read
    exitDescriptor = csystem_pidfd_open(pid)
  }

  deinit {
    closeStandardInput()
    closeOutputs()
    SystemCall.close(exitDescriptor)
  }

  /// Closes our end of stdin: the child reads end of file.
  func closeStandardInput() {
    SystemCall.close(standardInput)
    standardInput = -1
  }

  /// Closes a descriptor of ours once it reached end of file.
  func closeOutput(_ fd: Int32) {
    guard fd >= 0 else { return }
    if fd == standardOutput { standardOutput = -1 }
    if fd == standardError { standardError = -1 }
    SystemCall.close(fd)
  }

  /// Reaps every member of the group that is our child (the leader, and
  /// orphans re-parented to us), without blocking.
  /// - Returns: the leader's status once it has ended.
  @discardableResult
  func reap() -> ExitStatus? {
    while let reaped = SystemCall.reap(-pid) {
      if reaped.pid == pid { exitStatus = reaped.status }
    }
    if exitStatus == nil, let reaped = SystemCall.reap(pid) {
      exitStatus = reaped.status
    }
    return exitStatus
  }

  /// Whether any process of the group is left, after reaping what we can.
  var isGroupAlive: Bool {
    reap()
    return SystemCall.groupExists(pid)
  }

  /// Stops the whole group: closes stdin, waits `grace` for the leader,
  /// then SIGTERM, then SIGKILL, reaping everything; closes every pipe.
  /// stderr that arrives meanwhile goes to `onStandardError`; stdout is
  /// read and dropped so a writer never blocks on it.
  /// - Returns: how the leader ended, nil if it could not be reaped.
  @discardableResult
  func stop(
    _ timings: StopTimings = .standard,
    onStandardError: (UnsafeRawBufferPointer) -> Void = { _ in }
  ) -> ExitStatus? {
    closeStandardInput()

    _ = wait(
      until: .after(timings.grace), awaitingLeader: true,
      onStandardError: onStandardError
    ) { reap() != nil }

    var alive = isGroupAlive
    if alive {
      SystemCall.signal(-pid, SIGTERM)
      _ = wait(
        until: .after(timings.terminate), onStandardError: onStandardError
      ) { !isGroupAlive }
      alive = isGroupAlive
    }

    if alive {
      SystemCall.signal(-pid, SIGKILL)
      _ = wait(until: .after(timings.kill), onStandardError: onStandardError) {
        !isGroupAlive
      }
      alive = isGroupAlive
    }

    closeOutputs()
    if !alive { ProcessGroups.shared.remove(pid) }
    return exitStatus
  }

  /// Waits until `done` holds, `deadline` passes, or one of `watching`
  /// (such as a cancellation descriptor) becomes readable, draining the
  /// child's output meanwhile. The leader's exit wakes the wait at once
  /// through the pidfd; other changes are checked on a short, growing tick.
  /// - Parameter awaitingLeader: `done` can only come true once the
  ///   leader has exited. With a pidfd, that wait then needs no tick,
  ///   and `done` is first asked once something has happened (a server
  ///   told to stop cannot have exited yet): each server saves the
  ///   system calls of several looks.
  /// - Returns: true when `done` held.
  func wait(
    until deadline: Deadline,
    awaitingLeader: Bool = false,
    watching: [Int32] = [],
    onStandardError: (UnsafeRawBufferPointer) -> Void,
    done: () -> Bool
  ) -> Bool {
    let exitWakes = awaitingLeader && exitStatus == nil && exitDescriptor >= 0
    if !exitWakes && done() { return true }
    var tick = Duration.milliseconds(1)
    repeat {
      if deadline.hasPassed { return false }
      var fds = watching.map(pollfd.reading)
      for fd in [standardOutput, standardError] where fd >= 0 {
        fds.append(.reading(fd))
      }
      if exitStatus == nil && exitDescriptor >= 0 {
        fds.append(.reading(exitDescriptor))
      }
      let wake = exitWakes ? deadline : deadline.earliest(.after(tick))
      guard (try? SystemCall.poll(&fds, until: wake)) != nil else {
        return false
      }

      for entry in fds where entry.revents != 0 {
        if watching.contains(entry.fd) { return false }
        if entry.fd == standardError {
          drain(entry.fd, into: onStandardError)
        } else if entry.fd == standardOutput {
          drain(entry.fd) { _ in }
        }
      }
      tick = min(tick * 2, .milliseconds(50))
    } while !done()
    return true
  }

  /// Reads what is ready on `fd` (a bounded number of chunks) and hands
  /// it to `sink`; closes `fd` at end of file.
  /// - Returns: false once the descriptor reached end of file.
  @discardableResult
  func drain(
    _ fd: Int32, into sink: (UnsafeRawBufferPointer) -> Void
  ) -> Bool {
    for _ in 0..<16 {
      let read = scratch.withUnsafeMutableBytes { buffer in
        Result { () throws(SystemError) in
          try SystemCall.read(fd, into: buffer)
        }
      }
      // A read error ends the stream as end of file would.
      guard case .success(let ready) = read else {
        closeOutput(fd)
        return false
      }
      guard let count = ready else { return true }
      if count == 0 {
        closeOutput(fd)
        return false
      }
      scratch.withUnsafeBytes { bytes in
        sink(UnsafeRawBufferPointer(rebasing: bytes[..<count]))
      }
    }
    return true
  }

  private func closeOutputs() {
    closeOutput(standardOutput)
    closeOutput(standardError)
  }

  /// Two settings of the whole runner process, made once, at the first
  /// spawn.
  ///
  /// Orphaned grandchildren come to us instead of to init, which may reap
  /// them late (or never, in some containers), so that `stop` can reap
  /// them and the group really is gone when it returns. A descendant that
  /// left the group (`setsid`) and was orphaned becomes our child too:
  /// `ProcessGroups.killOrphans` ends those when a run is over, since no
  /// server's stop sequence reaches them.
  ///
  /// SIGPIPE is ignored, so a write to a server that closed its stdin
  /// fails with EPIPE instead of killing the runner, with no signal mask
  /// changed around every write. The servers get the default back
  /// (`posix_spawnattr_setsigdefault` below). `StandardStreams.prepare`
  /// ignores it too, but only the command line calls that; a program
  /// using the library directly gets it here.
  private static let runnerSettings: Void = {
    _ = csystem_set_child_subreaper()
    signal(SIGPIPE, SIG_IGN)
  }()

  private static func spawn(
    _ plan: LaunchPlan, stdio: (Int32, Int32, Int32)
  ) -> Result<pid_t, SystemError> {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdio.0, 0)
    posix_spawn_file_actions_adddup2(&actions, stdio.1, 1)
    posix_spawn_file_actions_adddup2(&actions, stdio.2, 2)
    if let folder = plan.workingDirectory {
      let result = csystem_spawn_addchdir(&actions, folder)
      if result != 0 { return .failure(SystemError("addchdir", code: result)) }
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK
      | POSIX_SPAWN_SETSIGDEF
    posix_spawnattr_setflags(&attributes, Int16(flags))
    posix_spawnattr_setpgroup(&attributes, 0)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)

    var pid: pid_t = 0
    let result = withCStrings(plan.arguments) { argv in
      withCStrings(plan.environment) { envp in
        posix_spawn(&pid, plan.executable, &actions, &attributes, argv, envp)
      }
    }
    guard result == 0 else {
      return .failure(SystemError("posix_spawn", code: result))
    }
    return .success(pid)
  }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<Result>(
  _ strings: [String],
  _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
) -> Result {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  pointers.append(nil)
  defer { pointers.forEach { free($0) } }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Room for `count` bytes that `read(2)` fills: not zeroed, so memory is
/// touched only as far as reads reach (one small message per server).
func uninitializedBuffer(_ count: Int) -> [UInt8] {
  [UInt8](unsafeUninitializedCapacity: count) { _, initialized in
    initialized = count
  }
}
