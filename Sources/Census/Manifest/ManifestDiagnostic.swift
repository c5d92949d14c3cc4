/// One problem found in a manifest, pointing at the place it was found.
public struct ManifestDiagnostic: Error, Sendable, Equatable {
  /// The manifest's path as given on the command line.
  public var path: String
  /// Where the problem is; nil when it concerns the whole file.
  public var mark: SourceMark?
  /// What is wrong, in one sentence; never holds a secret's value.
  public var message: String

  public init(path: String, mark: SourceMark?, message: String) {
    self.path = path
    self.mark = mark
    self.message = message
  }

  /// `path:line:col: error: message`, then the source line and a caret
  /// under the column, as compilers print them.
  /// - Parameter sourceLines: the file's lines, without their line breaks.
  public func rendered(sourceLines: [Substring]) -> String {
    guard let mark else { return "\(path): error: \(message)" }
    let header = "\(path):\(mark.line):\(mark.column): error: \(message)"
    guard mark.line >= 1, mark.line <= sourceLines.count,
      !sourceLines[mark.line - 1].isEmpty
    else { return header }
    let (shown, caret) = Self.excerpt(
      of: sourceLines[mark.line - 1], column: mark.column)
    return "\(header)\n\(shown)\n\(caret)^"
  }

  /// Control characters other than tab, shown as U+FFFD so that a line
  /// echoed from the file cannot drive the terminal.
  private static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    scalar.isControlCharacter && scalar != "\t" ? "\u{FFFD}" : scalar
  }

  /// Longest source line shown whole; longer ones are cut around the mark.
  static let widestLine = 200

  /// The line, or the part of it around `column`, and the padding that
  /// puts a caret under that column (tabs kept, so it lines up).
  private static func excerpt(
    of line: Substring, column: Int
  ) -> (String, String) {
    let scalars = line.unicodeScalars.map(Self.printable)
    let index = min(max(column - 1, 0), scalars.count)
    var start = 0
    var end = scalars.count
    if scalars.count > widestLine {
      start = max(0, index - widestLine / 2)
      end = min(scalars.count, index + widestLine / 2)
    }
    var shown = String(String.UnicodeScalarView(scalars[start..<end]))
    var padding = String(
      String.UnicodeScalarView(scalars[start..<index].map {
        $0 == "\t" ? "\t" : " "
      }))
    if start > 0 {
      shown = "..." + shown
      padding = "   " + padding
    }
    if end < scalars.count {
      shown += "..."
    }
    return (shown, padding)
  }
}
