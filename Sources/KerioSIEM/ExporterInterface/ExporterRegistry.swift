/// The set of output formats, by name: a value, not a global.
///
/// ``standard`` holds the five built-ins. Third parties add their own with ``registering(_:validator:)`` and hand the
/// result to the CLI (`KerioSIEMCommand.main(registry:)`) or to their own pipeline; ``current`` is a task-local for
/// code that looks formats up without a registry parameter.
///
/// A format may bring its validator (an ``OutputValidator`` factory) along with its exporter; `kerio-siem validate`
/// and the conformance kit find it through ``makeValidator(named:)``. The core library holds no validator itself: the
/// command line attaches the built-in ones (`KerioSIEMValidation`) with ``attachingValidator(_:to:)``.
///
/// ```swift
/// let registry = try ExporterRegistry.standard.registering(MyExporter.self, validator: { MyValidator(format: $0) })
/// var exporter = try registry.makeExporter(named: "mine", options: ExportOptions())
/// let validator = try registry.makeValidator(named: "mine")
/// ```
public struct ExporterRegistry: Sendable {
    /// Registered exporters, in registration order (the display order of `kerio-siem formats`).
    public private(set) var exporters: [any EventExporter.Type] = []

    /// The validator factories, by the ``ExportFormat/name`` of the format they check.
    private var validators: [String: ValidatorFactory] = [:]

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

    /// Adds `exporter`, and the factory of the validator that checks its output, if it has one.
    /// - Throws: ``RegistryError/duplicateName(_:)`` when its name or an alias is already taken;
    ///   ``RegistryError/invalidName(_:)`` when a name is not a lowercase token.
    public mutating func register(_ exporter: any EventExporter.Type, validator: ValidatorFactory? = nil)
        throws(RegistryError)
    {
        let format = exporter.format
        for name in format.allNames {
            guard Self.isValidName(name) else { throw .invalidName(name) }
            if lookup(name) != nil || format.allNames.filter({ $0 == name }).count > 1 { throw .duplicateName(name) }
        }
        exporters.append(exporter)
        if let validator { validators[format.name] = validator }
    }

    /// A copy of this registry with `exporter` (and its validator, if any) added.
    public func registering(_ exporter: any EventExporter.Type, validator: ValidatorFactory? = nil)
        throws(RegistryError) -> ExporterRegistry
    {
        var copy = self
        try copy.register(exporter, validator: validator)
        return copy
    }

    /// A copy of this registry in which the format of `exporter`, if registered, is checked by `validator`. Nothing
    /// changes when `exporter` is not registered (so the command line can attach the built-in validators to any
    /// registry) or already has a validator (a third party's own choice wins).
    ///
    /// ```swift
    /// let registry = ExporterRegistry.standard.attachingValidator({ try CEFValidator(format: $0) }, to: CEFExporter.self)
    /// ```
    public func attachingValidator(_ validator: @escaping ValidatorFactory, to exporter: any EventExporter.Type)
        -> ExporterRegistry
    {
        guard exporters.contains(where: { ObjectIdentifier($0) == ObjectIdentifier(exporter) }),
            validators[exporter.format.name] == nil
        else { return self }
        var copy = self
        copy.validators[exporter.format.name] = validator
        return copy
    }

    /// Whether the format registered under `name` (or an alias) has a validator.
    public func hasValidator(_ name: String) -> Bool {
        lookup(name).map { validators[$0.format.name] != nil } ?? false
    }

    /// Creates the validator of the format registered under `name` (or an alias), handing its factory the format.
    /// - Throws: ``RegistryError/unknownFormat(_:known:)``, ``RegistryError/noValidator(_:known:)`` listing the
    ///   formats that have one, or what the factory throws (e.g. a schema that does not compile).
    public func makeValidator(named name: String) throws -> any OutputValidator {
        guard let exporter = lookup(name) else {
            throw RegistryError.unknownFormat(name, known: formats.map(\.name))
        }
        guard let factory = validators[exporter.format.name] else {
            throw RegistryError.noValidator(name, known: formats.map(\.name).filter { validators[$0] != nil })
        }
        return try factory(exporter.format)
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
            && name.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
            }
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
    /// The format exists but was registered without a validator; `known` lists the formats that have one.
    case noValidator(String, known: [String])

    /// A message for the user.
    public var description: String {
        switch self {
        case .duplicateName(let name): "a format named '\(name)' is already registered"
        case .invalidName(let name): "'\(name)' is not a valid format name (use lowercase letters, digits, '-', '_')"
        case .unknownFormat(let name, let known):
            "unknown format '\(name)'; known formats: \(known.joined(separator: ", "))"
        case .noValidator(let name, let known):
            "format '\(name)' has no validator; validators exist for: "
                + (known.isEmpty ? "no format" : known.joined(separator: ", "))
        }
    }
}
