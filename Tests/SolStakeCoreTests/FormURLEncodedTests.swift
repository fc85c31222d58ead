import Testing
@testable import SolStakeCore

@Suite struct FormURLEncodedTests {
    @Test func plusIsASpaceAndPercentEscapesAreBytes() throws {
        let pairs = try FormURLEncoded.pairs("query=%7B+a+%7D&x=1%2B1&empty=&bare&&caf%C3%A9=%E2%82%AC")
        #expect(pairs.map(\.name) == ["query", "x", "empty", "bare", "café"])
        #expect(pairs.map(\.value) == ["{ a }", "1+1", "", "", "€"])
    }

    @Test func badEscapesAndInvalidUTF8AreRefusedNamingTheParameter() {
        #expect(throws: FormURLEncoded.Malformed(name: "q")) { try FormURLEncoded.pairs("q=%G1") }
        #expect(throws: FormURLEncoded.Malformed(name: "q")) { try FormURLEncoded.pairs("q=abc%4") }
        #expect(throws: FormURLEncoded.Malformed(name: "q")) { try FormURLEncoded.pairs("q=%FF%FE") }
        #expect(throws: FormURLEncoded.Malformed(name: "%ZZ")) { try FormURLEncoded.pairs("%ZZ=1") }
    }
}
