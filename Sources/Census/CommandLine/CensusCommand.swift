/// The command line of `mcp-census`: parses arguments and runs a subcommand.
public enum CensusCommand {
  /// Runs the tool and returns the process exit code.
  public static func main(arguments: [String]) -> Int32 {
    return 0
  }
}
