import Testing

@testable import KerioSIEM

/// The field counts are written down in three places the compiler cannot tie together — the enums' `count`, the
/// `InlineArray` sizes of ``SecurityEvent``'s storage (generic value parameters must be literals) and the ECS
/// catalogue — so this suite ties them: adding a case without growing the storage fails here, not in production.
struct ModelCountTests {
    @Test func textFieldCountMatchesCasesAndStorage() {
        #expect(TextField.count == TextField.allCases.count)
        #expect(TextField.allCases.map(\.rawValue) == Array(0..<TextField.count))
        #expect(SecurityEvent(kind: .engineStartup).textRanges.count == TextField.count)
    }

    @Test func numberFieldCountMatchesCasesAndStorage() {
        #expect(NumberField.count == NumberField.allCases.count)
        #expect(NumberField.allCases.map(\.rawValue) == Array(0..<NumberField.count))
        #expect(SecurityEvent(kind: .engineStartup).numbers.count == NumberField.count)
    }

    @Test func ecsFieldCountMatchesCases() {
        #expect(ECSField.count == ECSField.allCases.count)
        #expect(ECSField.allCases.map(\.rawValue) == Array(0..<ECSField.count))
    }
}
