import Dispatch
import Glibc
import Synchronization
import Testing

@testable import Census

@Suite struct ConcurrentMapTests {
  @Test(arguments: [0, 1, 16, 17, 1000])
  func keepsTheOrderOfTheElements(count: Int) {
    let numbers = Array(0..<count)
    #expect(numbers.concurrentMap(grain: 4) { $0 * 2 } == numbers.map { $0 * 2 })
  }

  @Test func spreadsSlicesOverMoreThanOneThread() {
    let threads = Mutex<Set<pthread_t>>([])
    let secondThread = DispatchSemaphore(value: 0)
    _ = Array(0..<64).concurrentMap(grain: 1) { number in
      let seen = threads.withLock { $0.insert(pthread_self()); return $0.count }
      if seen == 2 { secondThread.signal() }
      // Slice 0 holds its thread until another thread has taken a
      // slice: on one thread alone it would wait out the bound and fail.
      if number == 0 { _ = secondThread.wait(timeout: .now() + 30) }
      return number
    }
    #expect(threads.withLock { $0.count } > 1)
  }
}

@Suite struct ProcessEnvironmentTests {
  @Test func splitsOnTheFirstEqualsSign() {
    setenv("CENSUS_TEST_EQUALS", "a=b=c", 1)
    defer { unsetenv("CENSUS_TEST_EQUALS") }
    #expect(ProcessEnvironment.current()["CENSUS_TEST_EQUALS"] == "a=b=c")
  }

  @Test func readsWhatGetenvReads() {
    let environment = ProcessEnvironment.current()
    #expect(environment["PATH"] == String(cString: getenv("PATH")))
    #expect(environment["CENSUS_TEST_UNSET_VARIABLE"] == nil)
  }
}
