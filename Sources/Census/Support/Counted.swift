/// A count with its noun, plural when it is not one: `1 tool`, `3 tools`.
func counted(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
