import Dispatch
import Glibc

/// A thread of its own for one of the runner's lanes.
///
/// A lane blocks in `poll(2)` for as long as its servers run. libdispatch
/// on Linux gives all its queues at most 255 worker threads, so lanes on
/// Dispatch queues past that number never start, and the queues that
/// handle SIGINT and SIGTERM get no thread either: Ctrl-C did nothing
/// until a server ended. A lane on a pthread of its own leaves the pool to
/// the signal handlers, the deadline timer and the report's work.
///
/// `join()` returns only once the body has returned and let go of what it
/// captured, so a caller that joins every lane knows that the transports,
/// pipes and processes the lanes held are gone.
final class LaneThread: Sendable {
  private final class Work: @unchecked Sendable {
    private var body: (@Sendable () -> Void)?
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    /// Runs the body once, then drops it and everything it captured.
    func run() {
      body?()
      body = nil
    }
  }

  private enum Handle {
    case thread(pthread_t)
    case queue(DispatchGroup)
  }

  private let handle: Handle

  private init(_ handle: Handle) { self.handle = handle }

  /// Runs `body` on a new thread; on a Dispatch queue if no thread can be
  /// made. Call `join()` exactly once on what this returns.
  static func start(_ body: @escaping @Sendable () -> Void) -> LaneThread {
    let work = Work(body)
    let context = Unmanaged.passRetained(work)
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { pointer in
      Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue().run()
      return nil
    }, context.toOpaque())
    if result == 0 { return LaneThread(.thread(thread)) }

    context.release()
    let group = DispatchGroup()
    DispatchQueue(label: "mcp-census.lane").async(group: group) { work.run() }
    return LaneThread(.queue(group))
  }

  /// Waits until the body has returned and its captures are released.
  func join() {
    switch handle {
    case .thread(let thread): pthread_join(thread, nil)
    case .queue(let group): group.wait()
    }
  }
}
