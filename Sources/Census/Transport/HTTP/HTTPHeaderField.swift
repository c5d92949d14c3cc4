/// What HTTP allows in a header (RFC 9110 section 5), checked both when
/// the manifest is read and before a request reaches libcurl, which sends
/// a CR or LF in a value as it is: the value would end its line and add
/// headers of its own.
enum HTTPHeaderField {
  /// A token: visible ASCII other than the separators.
  static func isName(_ name: String) -> Bool {
    !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
      scalar.value > 0x20 && scalar.value < 0x7F
        && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(scalar)
    }
  }

  /// No control character but tab: no CR, LF or NUL to end the line early.
  static func isValue(_ value: String) -> Bool {
    !value.unicodeScalars.contains { $0.isControlCharacter && $0 != "\t" }
  }
}
