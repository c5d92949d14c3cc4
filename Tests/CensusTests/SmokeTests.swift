import Testing
@testable import Census

@Suite struct SmokeTests {
  @Test func defaultLimitsMatchTheSpecification() {
    #expect(Limits.defaults.concurrency == 5)
  }
}
