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
    _ = Array(0..<64).concurrentMap(grain: 1) { number in
      // Long enough that a second worker picks up slices meanwhile.
      var spin = 0
      for step in 0..<200_000 { spin &+= step }
      threads.withLock { _ = $0.insert(pthread_self()) }
      return number &+ spin
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
