/// What an adaptive study's rules say about a pending cell, decided from the results published so far.
public enum CellDecision: Hashable, Sendable {
    /// Run it.
    case run
    /// Do not run it: `rule` names the rule (`stop`), `reason` says why in words with the numbers behind it
    /// (`saturated at numjobs=128 (+1.2 %, +0.8 %)`).
    case skip(rule: String, reason: String)
    /// Run it as the next probe of a search: `reason` says which bracket it narrows (journalled `probe-chosen`).
    case probe(rule: String, reason: String)
    /// Not now: ask again once more results are published (a probe the search has not chosen yet).
    case wait
}
