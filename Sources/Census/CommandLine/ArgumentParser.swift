/// A command-line mistake: printed with the usage line, exit code 2.
public struct UsageError: Error, Equatable {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }
}

/// An option a subcommand accepts.
struct OptionSpec {
  /// The long name without dashes: `out` for `--out`.
  var name: String
  /// The value's placeholder (`DIR`), or nil for a flag.
  var value: String?

  static func flag(_ name: String) -> OptionSpec {
    OptionSpec(name: name, value: nil)
  }

  static func value(_ name: String, _ placeholder: String) -> OptionSpec {
    OptionSpec(name: name, value: placeholder)
  }
}

/// Arguments split into positionals, option values and flags.
struct ParsedArguments {
  var positionals: [String] = []
  /// The value given for each option; an option given twice is an error.
  var values: [String: String] = [:]
  var flags: Set<String> = []

  /// Parses `arguments` against `options`: `--name value`, `--name=value`,
  /// flags, `-h` for `--help`, and `--` before positionals that start
  /// with a dash. An option that takes a value may be given once (which
  /// of two was meant would be a guess); a flag twice is the flag once.
  init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      guard !onlyPositionals, argument.hasPrefix("-"), argument != "-" else {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      // The one short spelling: `-h` for `--help`, which every command takes.
      let (name, inline) = ParsedArguments.split(argument == "-h" ? "--help" : argument)
      guard argument == "-h" || ParsedArguments.isLong(argument),
        let spec = options.first(where: { $0.name == name })
      else {
        throw UsageError(ParsedArguments.unknown(argument, name: name, options: options))
      }
      guard let placeholder = spec.value else {
        if inline != nil { throw UsageError("option '--\(name)' takes no value") }
        flags.insert(name)
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else if index < arguments.count {
        value = arguments[index]
        index += 1
      } else {
        throw UsageError("option '--\(name)' needs a value (\(placeholder))")
      }
      if let earlier = values[name] {
        throw UsageError(ParsedArguments.repeated(spec, earlier, value))
      }
      values[name] = value
    }
  }

  /// `option '--tag' is given twice ('a', then 'b'); give it once`, and
  /// for a list, how to give several values in one.
  private static func repeated(
    _ spec: OptionSpec, _ earlier: String, _ later: String
  ) -> String {
    var message = "option '--\(spec.name)' is given twice ('\(earlier)', then "
      + "'\(later)'); give it once"
    if let placeholder = spec.value, placeholder == "LIST" || placeholder.contains(",") {
      message += ", with the values separated by commas"
    }
    return message
  }

  /// Whether `argument` is spelled as a long option: two dashes, then
  /// the name. `-tag` and `---out` are not, even where `tag` and `out`
  /// are options; they get a did-you-mean to the long form instead.
  private static func isLong(_ argument: String) -> Bool {
    argument.hasPrefix("--") && !argument.dropFirst(2).hasPrefix("-")
  }

  /// The name and the inline value of an option (`--out=DIR`), with the
  /// dashes before it dropped.
  private static func split(_ argument: String) -> (String, String?) {
    let body = argument.drop { $0 == "-" }
    guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
    return (String(body[..<equals]), String(body[body.index(after: equals)...]))
  }

  private static func unknown(
    _ argument: String, name: String, options: [OptionSpec]
  ) -> String {
    let names = options.map(\.name)
    if let guess = Suggestion.closest(to: name, among: names) {
      return "unknown option '\(argument)' (did you mean '--\(guess)'?)"
    }
    // A short form other tools have (`-v`, `-q`, `-o`): the one long
    // option it starts, when only one does.
    let starting = names.filter { name.count == 1 && $0.hasPrefix(name) }
    if starting.count == 1, let only = starting.first {
      return "unknown option '\(argument)' (did you mean '--\(only)'?)"
    }
    return "unknown option '\(argument)'"
  }
}
