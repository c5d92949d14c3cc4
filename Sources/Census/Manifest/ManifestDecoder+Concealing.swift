/// Secrets written literally in a server's `url`, `headers`, `args` and
/// `env`, hidden in the source lines diagnostics show. Registered for
/// every server before anything in it is checked, whatever its endpoint,
/// so that no error (`command` and `url` both given, `headers` on a stdio
/// server, a bad url) echoes one.
extension ManifestDecoder {
  /// Conceals the credentials in every endpoint key of a server entry.
  mutating func concealCredentials(inServer entry: YAMLNode) {
    guard case .mapping(let pairs) = entry.content else { return }
    for pair in pairs {
      switch pair.keyText {
      case "url": concealCredentials(inURL: pair.value)
      case "headers": concealHeaderValues(pair.value)
      case "args": concealCredentials(inArguments: pair.value)
      case "env": concealCredentials(inEnvironment: pair.value)
      default: continue
      }
    }
  }

  /// A url's password, token user name and credential query values.
  private mutating func concealCredentials(inURL node: YAMLNode) {
    guard let scalar = node.scalar else { return }
    for credential in CredentialFinder.inText(scalar.value) {
      conceal(credential.value(in: scalar.value), at: node.mark)
    }
  }

  /// Every header value, which is a secret whatever its name.
  private mutating func concealHeaderValues(_ node: YAMLNode) {
    guard case .mapping(let pairs) = node.content else { return }
    for pair in pairs {
      if let scalar = pair.value.scalar { conceal(scalar.value, at: scalar.mark) }
    }
  }

  /// The credentials `CredentialFinder` sees in the arguments as written.
  private mutating func concealCredentials(inArguments node: YAMLNode) {
    guard case .sequence(let items) = node.content else { return }
    let texts = items.map { $0.scalar?.value ?? "" }
    for credential in CredentialFinder.inArguments(texts) {
      let text = texts[credential.index]
      conceal(credential.value(in: text), at: items[credential.index].mark)
    }
  }

  /// Values named or shaped like credentials, and url passwords in values.
  private mutating func concealCredentials(inEnvironment node: YAMLNode) {
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
