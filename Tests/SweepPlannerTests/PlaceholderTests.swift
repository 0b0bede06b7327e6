import SweepPlanner
import Testing

/// Placeholder tokens are found by bytes, from a `@{` to the next `}`, in the same way by the runner's
/// substitution and by the renderers: a combining mark after a brace does not hide the brace from either.
@Suite("Placeholder tokens")
struct PlaceholderTests {
    static let bindings = ["cell": "/r/.partial/c1", "run": "R"]

    @Test(
        "the runner's substitution and the script's expansions cut a word at the same tokens",
        arguments: [
            ("--output=@{cell}/fio.json", "--output=/r/.partial/c1/fio.json", "--output=\"${cell}\"/fio.json"),
            ("@{cell}\u{301}", "/r/.partial/c1\u{301}", "\"${cell}\"'\u{301}'"),
            ("a@{\u{301}cell}", "a@{\u{301}cell}", "'a@{\u{301}cell}'"),
            ("@{cell", "@{cell", "'@{cell'"),
            ("@@{run}}", "@R}", "@\"${run}\"'}'"),
            ("@{unknown}@{run}", "@{unknown}R", "'@{unknown}'\"${run}\""),
            ("", "", "''"),
        ])
    func sameTokens(word: String, substituted: String, script: String) {
        #expect(Placeholder.substitute(word, Self.bindings) == substituted)
        #expect(ShellWord.script(word) == script)
    }
}
