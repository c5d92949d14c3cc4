import Testing

@testable import Census

/// Which names hold credentials: one rule for masking, MCP011 and import.
@Suite struct CredentialNameTests {
  @Test(arguments: [
    "MYSQL_PWD", "SMTP_PASS", "DB_PASS", "OPENAI_API_KEY",
    "AWS_SECRET_ACCESS_KEY", "GITHUB_PERSONAL_ACCESS_TOKEN", "STRIPE_SECRET_KEY",
    "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key",
    "X-Auth-Token", "api-key", "clientSecret", "GITHUB_TOKEN", "apiKey",
    "SESSION_SECRET", "GITLAB_PAT", "PRIVATE_KEY", "password", "PGPASSWORD",
  ])
  func namesACredential(_ name: String) {
    #expect(CredentialName.isCredential(name))
  }

  @Test(arguments: [
    "sort-key", "primary-key", "partition-key", "cache-key", "auth", "pass",
    "key", "secret-file", "max-tokens", "key-file", "no-auth", "MONKEY",
    "KEYBOARD_LAYOUT", "AUTHOR", "TOKENIZER", "foreign_key", "publicKey",
    "idempotency-key", "Content-Type", "PWD", "OLDPWD",
  ])
  func namesNoCredential(_ name: String) {
    #expect(!CredentialName.isCredential(name))
  }
}

@Suite struct CredentialFinderTests {
  /// Options whose names end in `key`, `auth`, `pass`, `secret` or
  /// `token` but whose values are column names, modes, paths or numbers.
  @Test(arguments: [
    ["--sort-key=created_at_desc"], ["--primary-key", "customer_id"],
    ["--partition-key", "tenant_id"], ["--cache-key=customer_lookup"],
    ["--auth", "anonymous"], ["--auth=oauth2-client"],
    ["--pass", "through-mode"], ["--key", "keys/my.pem"],
    ["--secret", "file:secret.txt"], ["--max-token", "100000000"],
    ["--api-key", "C:\\keys\\api.txt"],
  ])
  func findsNoCredentialIn(_ arguments: [String]) {
    #expect(CredentialFinder.inArguments(arguments).isEmpty)
  }

  @Test(arguments: ["--header", "-H"])
  func findsTheCredentialOfAHeaderArgument(_ option: String) throws {
    let arguments = ["mcp-remote", option, "Authorization: Bearer q8Zr2mXw7Lp"]
    let found = try #require(CredentialFinder.inArguments(arguments).first)
    #expect(found.index == 2)
    #expect(found.value(in: arguments[2]) == "q8Zr2mXw7Lp")
    #expect(found.hint == "Authorization: Bearer …, 11 characters")
    #expect(CredentialFinder.inArguments(["-H", "X-Api-Key: abcdefgh12"])
      .map { $0.value(in: "X-Api-Key: abcdefgh12") } == ["abcdefgh12"])
    #expect(CredentialFinder.inArguments(["-H", "Accept: text/event-stream"])
      .isEmpty)
    let joined = "--header=Authorization: Bearer q8Zr2mXw7Lp"
    #expect(CredentialFinder.inArguments([joined]).map { $0.value(in: joined) }
      == ["q8Zr2mXw7Lp"])
  }

  @Test func findsAURLsTokenUserName() throws {
    let url = "https://q8Zr2mXw7LpKx9@github.com/org/repo.git"
    let found = try #require(CredentialFinder.inText(url).first)
    #expect(found.value(in: url) == "q8Zr2mXw7LpKx9")
    #expect(CredentialFinder.inText("https://deploy-bot@github.com/x").isEmpty)
    let emptyPassword = "https://q8Zr2mXw7LpKx9:@github.com/x"
    #expect(CredentialFinder.inText(emptyPassword).map {
      $0.value(in: emptyPassword)
    } == ["q8Zr2mXw7LpKx9"])
    #expect(Manifest.basicCredential(in: url)
      == [Manifest.base64(Array("q8Zr2mXw7LpKx9:".utf8))])
  }

  /// What each false positive did to a run: its value became a secret,
  /// which data redaction took out of a tool's schema.
  @Test func leavesSchemaPropertiesAloneInData() throws {
    let manifest = try ManifestLoader.load(text: """
      version: 1
      job: keys
      servers:
        - name: db
          command: db-mcp
          args: [--primary-key, customer_id, --sort-key=created_at_desc,
            --max-token, "100000000", -H, "Authorization: Bearer q8Zr2mXw7Lp"]
          env: {MONKEY: bananas-for-all, SMTP_PASS: hunter2hunter2}
      """, path: "keys.yaml", environment: [:])
    let secrets = manifest.secretValues
    #expect(secrets == ["q8Zr2mXw7Lp", "hunter2hunter2"])
    let facts = ManifestFacts(manifest.servers[0], secrets: manifest.secrets)
    #expect(facts.literalSecrets.map(\.location) == ["env.SMTP_PASS", "args[6]"])
  }
}

/// One reading of a url's authority, over Unicode scalars.
@Suite struct URLAuthorityTests {
  @Test func readsEveryPart() throws {
    let parts = try #require(URLAuthority("https://u:p@h.example:8443/mcp?x#y"))
    #expect(parts.scheme == "https")
    #expect(parts.user == "u")
    #expect(parts.password == "p")
    #expect(parts.host == "h.example")
    #expect(parts.port == "8443")
    #expect(parts.rest == "/mcp?x#y")
    let bracketed = try #require(URLAuthority("http://[::1]:/"))
    #expect(bracketed.host == "[::1]")
    #expect(bracketed.port == "")
  }

  /// `/` and a combining mark are one Character but two scalars; libcurl
  /// ends the host at the `/`, and so must every check.
  @Test func endsTheHostAtASlashACombiningMarkFollows() throws {
    let url = "http://evil.example/\u{301}@localhost/mcp"
    let parts = try #require(URLAuthority(url))
    #expect(parts.host == "evil.example")
    #expect(parts.user == nil)
    #expect(ManifestFacts.isPlaintextRemote(url))
    #expect(EndpointURL.problem(url, literal: true) == nil)
    #expect(CredentialFinder.inText("http://h/\u{301}:pw@x").isEmpty)
  }

  @Test func acceptsAnEmptyPort() {
    #expect(EndpointURL.problem("http://host:/mcp", literal: true) == nil)
    #expect(EndpointURL.problem("http://[::1]:/mcp", literal: true) == nil)
  }

  @Test func namesTheSchemeOnlyOfALiteralURL() {
    let expected = "expected a url that starts with http:// or https://"
    #expect(EndpointURL.problem("tok3nvalue:abc@host/mcp", literal: false)
      == expected)
    #expect(EndpointURL.problem("ftp://tok3n@host/mcp", literal: false)
      == expected)
    #expect(EndpointURL.problem("localhost:8080/mcp", literal: true) == expected)
    #expect(EndpointURL.problem("ftp://host/mcp", literal: true)
      == "expected an http:// or https:// url, found the scheme 'ftp'")
  }

  @Test func quotesNoPartOfAnInterpolatedURL() throws {
    let errors = try #require(throws: ManifestErrors.self) {
      try ManifestLoader.load(text: """
        version: 1
        job: u
        servers:
          - name: remote
            url: "${U}"
        """, path: "u.yaml", environment: ["U": "tok3nvalue:abc@host/mcp"])
    }
    #expect(!errors.rendered.contains("tok3nvalue"))
    #expect(errors.rendered.contains(
      "after ${...} expansion, expected a url that starts with http://"))
  }
}

/// `import` moves what `CredentialFinder` finds into variables, and only
/// that.
@Suite struct ImportCredentialTests {
  func converted(_ json: String) throws -> ImportedServer.Endpoint? {
    var converter = EntryConverter()
    let entry = ClientEntry(
      name: "remote", client: "test", location: "test.json",
      value: try JSONParser.parse(json))
    return converter.convert(entry).endpoint
  }

  @Test func movesAHeaderArgumentsCredentialAndKeepsItsScheme() throws {
    let endpoint = try converted("""
      {"command": "npx", "args": ["mcp-remote", "https://h.example/mcp",
        "--header", "Authorization: Bearer q8Zr2mXw7Lp",
        "--primary-key", "customer_id", "--auth", "anonymous"]}
      """)
    guard case .stdio(_, let args, _, _)? = endpoint else {
      Issue.record("not converted")
      return
    }
    #expect(args == [
      "mcp-remote", "https://h.example/mcp", "--header",
      "Authorization: Bearer ${REMOTE_AUTHORIZATION}",
      "--primary-key", "customer_id", "--auth", "anonymous",
    ])
  }

  @Test func movesAURLsTokenUserName() throws {
    let endpoint = try converted(
      #"{"url": "https://q8Zr2mXw7LpKx9@github.com/org/repo"}"#)
    guard case .http(let url, _, _)? = endpoint else {
      Issue.record("not converted")
      return
    }
    #expect(url == "https://${REMOTE_URL_TOKEN}@github.com/org/repo")
  }
}
