import KerioSIEM
import KerioSIEMCommands

/// The `kerio-siem` executable: the command line with the five built-in formats.
@main
struct Entrypoint {
    static func main() { KerioSIEMCommand.main(registry: .standard) }
}
