/// Finds the word someone probably meant, for "did you mean" hints.
enum Suggestion {
  /// The candidate closest to `word`, if it is close enough to be a typo:
  /// one edit for short words, two for longer ones, transpositions
  /// counting as one edit.
  static func closest(to word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    if let same = candidates.first(where: { $0.lowercased() == lowered }) {
      return same
    }
    let allowed = word.count <= 4 ? 1 : 2
    var best: (candidate: String, distance: Int)?
    for candidate in candidates
    where abs(candidate.count - word.count) <= allowed {
      let distance = editDistance(lowered, candidate.lowercased())
      if distance <= allowed, distance < (best?.distance ?? .max) {
        best = (candidate, distance)
      }
    }
    return best?.candidate
  }

  /// Optimal string alignment distance between `a` and `b`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, before[j - 2] + 1)
        }
        current[j] = value
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}
