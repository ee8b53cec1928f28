extension SecurityLogParser {
    func parseLine(_ scanner: inout ByteScanner, into event: inout SecurityEvent) -> ParseFailure? {
        ParseFailure(.unknownRecord, "not implemented yet")
    }
}
