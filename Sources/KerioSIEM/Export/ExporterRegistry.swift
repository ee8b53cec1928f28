/// The set of output formats, by name: a value, not a global.
///
/// ``standard`` holds the five built-ins. Third parties add their own with ``registering(_:)`` and hand the result to
/// the CLI (`KerioSIEMCommand.main(registry:)`) or to their own pipeline; ``current`` is a task-local for code that
/// looks formats up without a registry parameter.
///
/// ```swift
/// let registry = try ExporterRegistry.standard.registering(MyExporter.self)
/// var exporter = try registry.makeExporter(named: "mine", options: ExportOptions())
/// ```
public struct ExporterRegistry: Sendable {
    /// Registered exporters, in registration order (the display order of `kerio-siem formats`).
    public private(set) var exporters: [any EventExporter.Type] = []

    /// The task-local registry the command line and ``ExporterRegistry/current`` users consult.
    @TaskLocal public static var current: ExporterRegistry = .standard

    /// An empty registry.
    public init() {}

    /// A registry holding `exporters`.
    /// - Throws: ``RegistryError/duplicateName(_:)`` when two share a name or alias.
    public init(_ exporters: [any EventExporter.Type]) throws(RegistryError) {
        for exporter in exporters { try register(exporter) }
    }

    /// The formats of the registered exporters, in registration order.
    public var formats: [ExportFormat] { exporters.map { $0.format } }

    /// Adds `exporter`.
    /// - Throws: ``RegistryError/duplicateName(_:)`` when its name or an alias is already taken;
    ///   ``RegistryError/invalidName(_:)`` when a name is not a lowercase token.
    public mutating func register(_ exporter: any EventExporter.Type) throws(RegistryError) {
        let format = exporter.format
        for name in format.allNames {
            guard Self.isValidName(name) else { throw .invalidName(name) }
            if lookup(name) != nil || format.allNames.filter({ $0 == name }).count > 1 { throw .duplicateName(name) }
        }
        exporters.append(exporter)
    }

    /// A copy of this registry with `exporter` added.
    public func registering(_ exporter: any EventExporter.Type) throws(RegistryError) -> ExporterRegistry {
        var copy = self
        try copy.register(exporter)
        return copy
    }

    /// The exporter type registered under `name` (or an alias), compared case-insensitively.
    public func lookup(_ name: String) -> (any EventExporter.Type)? {
        let wanted = name.lowercased()
        return exporters.first { $0.format.allNames.contains(wanted) }
    }

    /// The format registered under `name` or an alias.
    /// - Throws: ``RegistryError/unknownFormat(_:known:)`` listing the known names.
    public func format(named name: String) throws(RegistryError) -> ExportFormat {
        guard let exporter = lookup(name) else { throw .unknownFormat(name, known: formats.map(\.name)) }
        return exporter.format
    }

    /// Creates the exporter registered under `name`.
    /// - Throws: ``RegistryError/unknownFormat(_:known:)``, or the exporter's ``ExportError``.
    public func makeExporter(named name: String, options: ExportOptions) throws -> any EventExporter {
        guard let exporter = lookup(name) else {
            throw RegistryError.unknownFormat(name, known: formats.map(\.name))
        }
        return try exporter.init(options: options)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }
}

/// Why a registry operation failed.
public enum RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name or alias is already registered.
    case duplicateName(String)
    /// A name is not a lowercase token of letters, digits, `-` and `_`.
    case invalidName(String)
    /// No format has this name; `known` lists the names that exist.
    case unknownFormat(String, known: [String])

    /// A message for the user.
    public var description: String {
        switch self {
        case .duplicateName(let name): "a format named '\(name)' is already registered"
        case .invalidName(let name): "'\(name)' is not a valid format name (use lowercase letters, digits, '-', '_')"
        case .unknownFormat(let name, let known):
            "unknown format '\(name)'; known formats: \(known.joined(separator: ", "))"
        }
    }
}
