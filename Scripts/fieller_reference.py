#!/usr/bin/env python3
"""Reference values for `iosweep compare`'s confidence interval of a % change, computed with SciPy.

The % change of a cell is 100 × (ρ − 1) with ρ = mean(new) / mean(base). Its interval is Fieller's confidence
set for the ratio of two independent means: the ρ for which the Welch-type statistic

    T(ρ) = (mean(new) − ρ · mean(base)) / sqrt(var(new)/n_new + ρ² · var(base)/n_base)

satisfies |T(ρ)| ≤ t, t the (1 + level)/2 quantile of Student's t with the Welch–Satterthwaite degrees of
freedom at the estimated ratio ρ̂ (Tamhane & Logan 2004; R's mratios::ttestratio, var.equal = FALSE).

This script does not use the closed form the Swift code uses: it finds the bounds as the roots of the
quadratic T(ρ)² = t² with numpy.roots, then checks each root with scipy.optimize.brentq on |T(ρ)| − t. The
set is unbounded when the quadratic's leading coefficient mean(base)² − t² · var(base)/n_base is ≤ 0 (g ≥ 1:
the baseline mean is not distinguishable from 0): then "unbounded" is true and there are no bounds.
It also records the interval iosweep used before (Welch's interval of the difference of the means divided by
the baseline mean, scipy.stats.ttest_ind(…, equal_var=False).confidence_interval) and Welch's p-value.

usage: fieller_reference.py [OUTPUT.json]   write the fixture (default: the SweepAnalysisTests fixture)
       fieller_reference.py --coverage      simulate how often each interval covers the true % change
Needs numpy and scipy (`.venv/bin/pip install scipy`).
"""
import json
import math
import os
import sys
import warnings

import numpy as np
from scipy import optimize, stats

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "..", "Tests", "SweepAnalysisTests", "Fixtures", "statistics", "fieller.json")

# name, what it shows, baseline repeats, new repeats, confidence level
CASES = [
    ("clear-improvement", "steady IOPS, +10 %: Fieller is within a hair of the old interval",
     [100, 102, 98, 101, 99], [110, 112, 108, 111, 109.5], 0.95),
    ("clear-regression", "latency × 1.3 + 3: regressed",
     [500, 510, 495, 505, 490, 500], [653, 666, 646.5, 659.5, 640, 653], 0.95),
    ("pure-noise", "overlapping sides: the interval contains 0",
     [10, 12, 9.5, 11, 10.5, 9.8], [10.2, 11.5, 9.9, 10.8, 10.1], 0.95),
    ("noisy-baseline", "baseline CV 27 %: the old interval was too narrow; Fieller is wider and reaches far above",
     [820, 1450, 1010, 1290, 760], [1500, 1540, 1470, 1525, 1490], 0.95),
    ("noisy-baseline-drop", "a drop against a noisy baseline, at 90 %",
     [1000, 1400, 700, 1200], [600, 620, 590, 610], 0.90),
    ("noisy-baseline-99", "the noisy baseline at 99 %: still bounded, far wider",
     [820, 1450, 1010, 1290, 760], [1500, 1540, 1470, 1525, 1490], 0.99),
    ("constant-baseline", "a constant baseline has no uncertainty: Fieller equals the old interval",
     [4, 4, 4], [5, 6, 5.5], 0.95),
    ("unbounded", "a baseline mean not distinguishable from 0: no bounded interval",
     [5, 40, 2, 60], [30, 32, 31, 29], 0.95),
]


def moments(values):
    values = np.asarray(values, dtype=float)
    return values.mean(), values.var(ddof=1) / len(values), len(values)


def welch_df(new_share, base_share, n_new, n_base):
    return (new_share + base_share) ** 2 / (new_share ** 2 / (n_new - 1) + base_share ** 2 / (n_base - 1))


def fieller(base, new, level):
    """Fieller's set for mean(new)/mean(base) by inverting T(ρ)² ≤ t²: (bounds or None, facts)."""
    a, v_new, n_new = moments(new)
    b, v_base, n_base = moments(base)
    ratio = a / b
    df = welch_df(v_new, ratio ** 2 * v_base, n_new, n_base)
    t = stats.t.ppf(1 - (1 - level) / 2, df)
    g = t ** 2 * v_base / b ** 2
    facts = {"ratio": ratio, "degreesOfFreedom": df, "t": t, "g": g}
    # (a − ρb)² − t²(v_new + ρ² v_base) = 0  ⇔  (b² − t² v_base) ρ² − 2ab ρ + (a² − t² v_new) = 0
    leading = b ** 2 - t ** 2 * v_base
    if leading <= 0:
        return None, facts
    roots = np.sort(np.roots([leading, -2 * a * b, a ** 2 - t ** 2 * v_new]).real)

    def excess(rho):
        return abs(a - rho * b) / math.sqrt(v_new + rho ** 2 * v_base) - t

    span = 10 * (abs(ratio) + abs(roots).max() + 1)
    low = optimize.brentq(excess, ratio - span, ratio, xtol=1e-15, rtol=1e-15)
    high = optimize.brentq(excess, ratio, ratio + span, xtol=1e-15, rtol=1e-15)
    assert abs(low - roots[0]) <= 1e-9 * max(1, abs(low)) and abs(high - roots[1]) <= 1e-9 * max(1, abs(high)), \
        (roots, low, high)
    return (low, high), facts


def case(name, note, base, new, level):
    bounds, facts = fieller(base, new, level)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a constant side: "catastrophic cancellation"
        welch = stats.ttest_ind(new, base, equal_var=False)
    difference = welch.confidence_interval(level)
    base_mean = float(np.mean(base))
    entry = {
        "name": name, "note": note, "base": base, "new": new, "confidenceLevel": level,
        "percentChange": 100 * (facts["ratio"] - 1),
        "degreesOfFreedom": facts["degreesOfFreedom"], "t": facts["t"], "g": facts["g"],
        "unbounded": bounds is None,
        "welchPValue": float(welch.pvalue),
        "oldLow": 100 * float(difference.low) / base_mean, "oldHigh": 100 * float(difference.high) / base_mean,
    }
    if bounds is not None:
        entry["low"], entry["high"] = 100 * (bounds[0] - 1), 100 * (bounds[1] - 1)
    return entry


def coverage(trials=20_000, seed=6566):
    """How often each 95 % interval contains the true % change when the baseline is noisy."""
    rng = np.random.default_rng(seed)
    n_base, n_new, base_mean, base_sd, new_mean, new_sd = 4, 4, 1000.0, 250.0, 1300.0, 30.0
    truth = 100 * (new_mean / base_mean - 1)
    hits_old = hits_fieller = unbounded = 0
    for _ in range(trials):
        base = rng.normal(base_mean, base_sd, n_base)
        new = rng.normal(new_mean, new_sd, n_new)
        entry = case("", "", base.tolist(), new.tolist(), 0.95)
        hits_old += entry["oldLow"] <= truth <= entry["oldHigh"]
        if entry["unbounded"]:
            unbounded += 1
            hits_fieller += 1  # the whole line (or its complement of an interval) is reported as "unbounded"
        else:
            hits_fieller += entry["low"] <= truth <= entry["high"]
    print(f"baseline N({base_mean:g}, {base_sd:g}²) × {n_base}, new N({new_mean:g}, {new_sd:g}²) × {n_new}, "
          f"true change {truth:+.1f} %, {trials} trials, nominal 95 %")
    print(f"old (difference / baseline mean): {100 * hits_old / trials:.1f} % coverage")
    print(f"Fieller (Welch df at ρ̂):          {100 * hits_fieller / trials:.1f} % coverage "
          f"({100 * unbounded / trials:.2f} % unbounded)")


def main(arguments):
    if arguments[:1] == ["--coverage"]:
        coverage()
        return
    output = arguments[0] if arguments else DEFAULT_OUTPUT
    document = {
        "generator": "Scripts/fieller_reference.py",
        "scipy": __import__("scipy").__version__,
        "numpy": np.__version__,
        "cases": [case(*entry) for entry in CASES],
    }
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=2, ensure_ascii=False)
        file.write("\n")
    for entry in document["cases"]:
        interval = "unbounded" if entry["unbounded"] else f"[{entry['low']:+.3f}, {entry['high']:+.3f}]"
        print(f"{entry['name']:<22} {entry['percentChange']:+8.3f} %  old [{entry['oldLow']:+.3f}, {entry['oldHigh']:+.3f}]"
              f"  Fieller {interval}  df {entry['degreesOfFreedom']:.3f}  g {entry['g']:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
