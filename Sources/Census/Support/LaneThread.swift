import Dispatch
import Glibc

/// Threads of their own for the runner's lanes.
///
/// A lane blocks in `poll(2)` for as long as its servers run. libdispatch
/// on Linux gives all its queues at most 255 worker threads, so lanes on
/// Dispatch queues past that number never start, and the queues that
/// handle SIGINT and SIGTERM get no thread either: Ctrl-C did nothing
/// until a server ended. A lane on a pthread of its own leaves the pool to
/// the signal handlers, the deadline timer and the report's work.
enum LaneThread {
  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }

  /// Runs `body` on a new detached thread; on a Dispatch queue if no
  /// thread can be made.
  static func start(_ body: @escaping @Sendable () -> Void) {
    let work = Unmanaged.passRetained(Work(body))
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { pointer in
      let work = Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue()
      work.body()
      return nil
    }, work.toOpaque())
    if result == 0 {
      pthread_detach(thread)
    } else {
      work.release()
      DispatchQueue(label: "mcp-census.lane").async(execute: body)
    }
  }
}
