/// Credentials written inside an argument, a url or an env value (a
/// `--password`, a url's password, an `?api_key=`) move to variables, the
/// rest of the text staying as written.
extension EntryConverter {
  /// `text` with its references rewritten and each of `credentials` (found
  /// in it) replaced by a `${VAR}` reference, unless the client already
  /// wrote it as a reference.
  /// - Parameter location: where the text is, as `args[2]` or `url`.
  mutating func movingCredentials(
    _ credentials: [LiteralCredential], out text: String, location: String,
    server: String, rewriter: ReferenceRewriter
  ) -> String {
    let ordered = credentials.sorted { $0.range.lowerBound < $1.range.lowerBound }
    var scratch = variables
    guard !ordered.isEmpty,
      rewrittenInPieces(text, at: ordered, rewriter, &scratch)
        == rewriter.rewrite(text, variables: &scratch).text
    else {
      // No credential, or one that cuts a client reference in two: such
      // a value comes from a variable already.
      return rewriter.rewrite(text, variables: &variables).text
    }

    var output = ""
    var position = text.startIndex
    for credential in ordered {
      let before = String(text.unicodeScalars[position..<credential.range.lowerBound])
      output += rewriter.rewrite(before, variables: &variables).text
      let value = credential.value(in: text)
      let (rewritten, referenced) = rewriter.rewrite(value, variables: &variables)
      output += referenced
        ? rewritten
        : "${\(variable(for: value, credential, location, server, rewriter))}"
      position = credential.range.upperBound
    }
    let after = String(text.unicodeScalars[position...])
    return output + rewriter.rewrite(after, variables: &variables).text
  }

  /// The text rewritten piece by piece, cut around the credentials: equal
  /// to the whole text rewritten unless a cut falls inside a reference.
  private func rewrittenInPieces(
    _ text: String, at credentials: [LiteralCredential],
    _ rewriter: ReferenceRewriter, _ scratch: inout ImportVariables
  ) -> String {
    var bounds = [text.startIndex]
    for credential in credentials {
      bounds += [credential.range.lowerBound, credential.range.upperBound]
    }
    bounds.append(text.endIndex)
    var output = ""
    for (start, end) in zip(bounds, bounds.dropFirst()) where start <= end {
      output += rewriter.rewrite(
        String(text.unicodeScalars[start..<end]), variables: &scratch).text
    }
    return output
  }

  /// The variable for one credential: `API_KEY` for an `API_KEY=…`
  /// argument, else the server and what names it (`DB_PASSWORD`,
  /// `DB_URL_PASSWORD`), or the argument's place for a token-shaped one.
  private mutating func variable(
    for value: String, _ credential: LiteralCredential, _ location: String,
    _ server: String, _ rewriter: ReferenceRewriter
  ) -> String {
    // `args[2]` gives `SERVER_ARG_2`, as import has always named them.
    let place = location.replacing("args[", with: "arg ")
    let fallback = ImportVariables.name(server, credential.stem ?? place)
    let preferred = credential.stem.flatMap {
      ImportVariables.isVariableName($0) ? $0 : nil
    } ?? fallback
    return variables.variable(
      forSecret: value, preferred: preferred, fallback: fallback,
      reason: "\(rewriter.context): \(location) (a literal secret, not copied)")
  }
}
