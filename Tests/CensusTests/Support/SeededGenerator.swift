/// xorshift64*, with a fixed seed so that a random test that fails fails
/// again, the same way, on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64 = 0x2545_F491_4F6C_DD1D

  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }

  /// A number in `0..<count`.
  mutating func pick(_ count: Int) -> Int { Int(next() >> 33) % count }

  mutating func element<T>(_ choices: [T]) -> T { choices[pick(choices.count)] }
}
