/// What an adaptive study's rules say about a pending cell, decided from the results published so far.
public enum CellDecision: Hashable, Sendable {
    /// Run it.
    case run
    /// Do not run it: `rule` names the rule (`stop`), `reason` says why in words with the numbers behind it
    /// (`saturated at numjobs=128 (+1.2 %, +0.8 %)`).
    case skip(rule: String, reason: String)
}
