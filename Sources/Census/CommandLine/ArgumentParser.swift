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
  /// The last value given for each option.
  var values: [String: String] = [:]
  var flags: Set<String> = []

  /// Parses `arguments` against `options`: `--name value`, `--name=value`,
  /// flags, and `--` before positionals that start with a dash.
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
      let (name, inline) = ParsedArguments.split(argument)
      guard let spec = options.first(where: { $0.name == name }) else {
        throw UsageError(ParsedArguments.unknown(argument, name: name, options: options))
      }
      guard let placeholder = spec.value else {
        if inline != nil { throw UsageError("option '--\(name)' takes no value") }
        flags.insert(name)
        continue
      }
      if let inline {
        values[name] = inline
      } else if index < arguments.count {
        values[name] = arguments[index]
        index += 1
      } else {
        throw UsageError("option '--\(name)' needs a value (\(placeholder))")
      }
    }
  }

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
    return "unknown option '\(argument)'"
  }
}
