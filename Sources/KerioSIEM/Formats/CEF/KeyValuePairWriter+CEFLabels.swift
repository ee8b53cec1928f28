// The CEF-only pairs: a custom field and its label, sent together as the CEF guide requires.

extension KeyValuePairWriter {
    /// Writes `key=<decimal>` and `labelKey=label` when `event` carries `field`.
    @inline(__always)
    func labelledNumber(
        _ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: NumberField,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        guard let value = event[field] else { return }
        number(key, value, into: &output)
        literal(labelKey, label, into: &output)
    }

    /// Writes a custom string (`csN`, at most 4,000 bytes) and, if it was written, its label.
    @inline(__always)
    func labelledText(
        _ key: StaticString, _ labelKey: StaticString, _ label: StaticString, _ field: TextField,
        of event: SecurityEvent, into output: inout OutputBuffer
    ) {
        if text(key, field, of: event, limit: CEFExporter.customStringLimit, into: &output) {
            literal(labelKey, label, into: &output)
        }
    }
}
