/// Secrets written literally in a stdio server's `args` and `env`, hidden
/// in the source lines diagnostics show, as header values and url
/// passwords are.
extension ManifestDecoder {
  /// The credentials `CredentialFinder` sees in the arguments as written.
  mutating func concealCredentials(inArguments node: YAMLNode) {
    guard case .sequence(let items) = node.content else { return }
    let texts = items.map { $0.scalar?.value ?? "" }
    for credential in CredentialFinder.inArguments(texts) {
      let text = texts[credential.index]
      conceal(credential.value(in: text), at: items[credential.index].mark)
    }
  }

  /// Values named or shaped like credentials, and url passwords in values.
  mutating func concealCredentials(inEnvironment node: YAMLNode) {
    guard case .mapping(let pairs) = node.content else { return }
    for pair in pairs {
      guard let name = pair.keyText, let value = pair.value.scalar?.value
      else { continue }
      if CredentialName.isCredential(name)
        || SecretShape.hint(value, namedAsSecret: false) != nil
      {
        conceal(value, at: pair.value.mark)
      }
      for credential in CredentialFinder.inText(value) {
        conceal(credential.value(in: value), at: pair.value.mark)
      }
    }
  }
}
