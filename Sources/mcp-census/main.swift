import Census
import Glibc

exit(CensusCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
