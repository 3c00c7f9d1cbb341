"""Truth-discovery benchmarks: public datasets with gold values, and a synthetic scale test.

Protocol (one for every dataset and method; ``PROTOCOL`` is copied into every result):

- Only numeric attributes are used; a claim whose value does not parse as a number (or a
  time, for Flight) is dropped. Categorical attributes (Flight's gates) are left out.
- An object is one (entity, attribute) pair; every method sees all attributes of a
  dataset at once, so source reliability is learned jointly across attributes.
- Evaluated objects are those with a gold value and at least one claim. Weather objects
  whose gold file lists two different values are left out (their truth is ambiguous).
- MAE is reported raw per attribute (``mae_by_attribute``, in the attribute's unit) and
  as ``nmae``: each attribute's MAE divided by the standard deviation of its gold values,
  averaged over attributes, so attributes with different units weigh the same.
- Error rate: share of evaluated objects whose estimate is off by more than the
  dataset's tolerance (``TOLERANCE``): Population 1 % of the gold value; Flight 10
  minutes; Weather 1 degree F (temperature, real-feel), 1 point (humidity %), 0.02 inHg
  (pressure), 0.5 mile (visibility).
- Interval coverage: share of evaluated objects whose gold lies in [low, high], the
  method's 80 % band (weighted 10th-90th percentiles of the claims).
- Claims per second: claims given to the method divided by the wall time of
  ``discover`` (grouping and sorting included, file parsing excluded).
- Flight is run twice: with all 38 sources, and without ``aa``, ``ua`` and ``co``, the
  airline sites the gold was taken from (``flight-no-airlines``). Weather likewise runs
  without ``washingtonpost`` (``weather-no-washingtonpost``): its figures equal the gold
  on 87-91 % of objects in each of the four attributes it reports (no other source
  exceeds 69 %, and on RealFeel the others match 5-9 %), so the gold very likely comes
  from it.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from corroborate.reconcile.truth import METHODS, discover

DATASETS: tuple[str, ...] = (
    "population",
    "weather",
    "weather-no-washingtonpost",
    "flight",
    "flight-no-airlines",
)
FLIGHT_AIRLINES: frozenset[str] = frozenset({"aa", "ua", "co"})
# Weather's gold equals washingtonpost's figure on 87-91 % of objects in each attribute it
# reports (other sources: 4-69 %; RealFeel: 5-9 %), so it very likely comes from there.
WEATHER_GOLD_LIKE: frozenset[str] = frozenset({"washingtonpost"})
FLIGHT_TOLERANCE_MIN = 10.0
POPULATION_RELATIVE_TOLERANCE = 0.01
WEATHER_TOLERANCE: dict[str, float] = {
    "Temperature": 1.0,
    "RealFeel": 1.0,
    "Humidity": 1.0,
    "Pressure": 0.02,
    "Visibility": 0.5,
}
TOLERANCE: dict[str, str] = {
    "population": "|error| > 1% of the gold value",
    "weather": "|error| > 1 F (Temperature, RealFeel), 1 (Humidity %), 0.02 inHg (Pressure), "
    "0.5 mi (Visibility)",
    "flight": "|error| > 10 minutes",
}
PROTOCOL = (
    "numeric attributes only; objects = (entity, attribute); evaluated = gold with >= 1 claim; "
    "nmae = mean over attributes of MAE / sd(gold); error rate = share of objects off by more "
    "than the tolerance; claims/s = claims / wall time of discover()"
)


@dataclass
class Dataset:
    """Claims as index arrays plus the gold values of some objects."""

    name: str
    sources: list[str]
    objects: list[tuple[str, ...]]
    attributes: list[str]
    object_attribute: np.ndarray  # attribute index of each object
    source_idx: np.ndarray
    object_idx: np.ndarray
    values: np.ndarray
    gold_object: np.ndarray
    gold_value: np.ndarray
    abs_tolerance: np.ndarray  # per attribute; 0 where the tolerance is relative
    rel_tolerance: np.ndarray  # per attribute; 0 where the tolerance is absolute
    notes: list[str] = field(default_factory=list)

    @property
    def n_claims(self) -> int:
        return int(self.values.size)


def default_data_dir() -> Path:
    """``$CORROBORATE_TRUTH_DATA`` or ``../shared/data/truth`` next to the project root."""
    env = os.environ.get("CORROBORATE_TRUTH_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "truth"


class _Indexer:
    """Maps keys to dense integer ids in order of first appearance."""

    def __init__(self) -> None:
        self.ids: dict = {}
        self.keys: list = []

    def __call__(self, key) -> int:
        i = self.ids.get(key)
        if i is None:
            i = self.ids[key] = len(self.keys)
            self.keys.append(key)
        return i


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="latin-1", newline="")
    return open(path, encoding="latin-1", newline="")


def _float(text: str) -> float | None:
    try:
        x = float(text.replace(",", ""))
    except ValueError:
        return None
    return x if np.isfinite(x) else None


def _build(
    name: str,
    claims: Iterable[tuple[str, tuple, str, float]],
    gold: dict[tuple, float],
    attributes: list[str],
    abs_tol: dict[str, float],
    rel_tol: dict[str, float],
    notes: list[str],
) -> Dataset:
    """Assemble a Dataset from (source, object key, attribute, value) tuples."""
    srcs, objs = _Indexer(), _Indexer()
    attr_id = {a: i for i, a in enumerate(attributes)}
    s_idx, o_idx, vals, o_attr = [], [], [], []
    for source, key, attribute, value in claims:
        o = objs(key)
        if o == len(o_attr):
            o_attr.append(attr_id[attribute])
        s_idx.append(srcs(source))
        o_idx.append(o)
        vals.append(value)
    g_obj, g_val = [], []
    for key, value in gold.items():
        o = objs.ids.get(key)
        if o is not None:
            g_obj.append(o)
            g_val.append(value)
    return Dataset(
        name=name,
        sources=srcs.keys,
        objects=objs.keys,
        attributes=attributes,
        object_attribute=np.asarray(o_attr, dtype=np.int64),
        source_idx=np.asarray(s_idx, dtype=np.int64),
        object_idx=np.asarray(o_idx, dtype=np.int64),
        values=np.asarray(vals, dtype=np.float64),
        gold_object=np.asarray(g_obj, dtype=np.int64),
        gold_value=np.asarray(g_val, dtype=np.float64),
        abs_tolerance=np.array([abs_tol.get(a, 0.0) for a in attributes]),
        rel_tolerance=np.array([rel_tol.get(a, 0.0) for a in attributes]),
        notes=notes,
    )


# ----------------------------------------------------------------------------- population


def load_population(root: Path | None = None) -> Dataset:
    """Population (Pasternack & Roth, COLING 2010), the DAFNA-format files.

    Objects are (city, "Population<year>"); sources are Wikipedia editors (an anonymous
    editor is identified by their IP address, as in the file).
    """
    base = (root or default_data_dir()) / "population" / "dafna_format"

    def claims() -> Iterator[tuple[str, tuple, str, float]]:
        with _open_text(base / "population_claims.csv.gz") as fh:
            for row in csv.DictReader(fh):
                value = _float(row["PropertyValue"])
                if value is not None:
                    key = (row["ObjectID"], row["PropertyID"])
                    yield row["SourceID"], key, "population", value

    gold: dict[tuple, float] = {}
    with _open_text(base / "population_truth.csv") as fh:
        for row in csv.DictReader(fh):
            value = _float(row["PropertyValue"])
            if value is not None:
                gold[(row["ObjectID"], row["PropertyID"])] = value
    return _build(
        "population",
        claims(),
        gold,
        ["population"],
        {},
        {"population": POPULATION_RELATIVE_TOLERANCE},
        [],
    )


# ----------------------------------------------------------------------------- weather


def load_weather(root: Path | None = None, exclude_sources: Iterable[str] = ()) -> Dataset:
    """Weather (Dong et al., VLDB 2010) in DAFNA format: 16 sources, 5 numeric attributes.

    Objects whose gold file gives two different values are not evaluated;
    ``exclude_sources`` drops sources (e.g. ``WEATHER_GOLD_LIKE``).
    """
    base = (root or default_data_dir()) / "weather"
    files = sorted((base / "claims").glob("weather_claim*.csv*"))
    if not files:
        raise FileNotFoundError(f"no weather_claim*.csv files in {base / 'claims'}")
    excluded = {s.lower() for s in exclude_sources}

    def claims() -> Iterator[tuple[str, tuple, str, float]]:
        for path in files:
            with _open_text(path) as fh:
                for row in csv.DictReader(fh):
                    attribute = row["PropertyID"]
                    value = _float(row["PropertyValue"])
                    if row["SourceID"].lower() in excluded:
                        continue
                    if value is not None and attribute in WEATHER_TOLERANCE:
                        yield row["SourceID"], (row["ObjectID"], attribute), attribute, value

    gold_sets: dict[tuple, set[float]] = {}
    with _open_text(base / "ground_truth" / "weather_truth.csv.gz") as fh:
        for row in csv.DictReader(fh):
            value = _float(row["PropertyValue"])
            if value is not None:
                gold_sets.setdefault((row["ObjectID"], row["PropertyID"]), set()).add(value)
    gold = {k: next(iter(v)) for k, v in gold_sets.items() if len(v) == 1}
    dropped = len(gold_sets) - len(gold)
    notes = [f"{dropped} objects with two different gold values not evaluated"]
    if excluded:
        notes.append(f"sources excluded: {', '.join(sorted(excluded))}")
    name = "weather-no-" + "-".join(sorted(excluded)) if excluded else "weather"
    return _build(name, claims(), gold, list(WEATHER_TOLERANCE), WEATHER_TOLERANCE, {}, notes)


# ----------------------------------------------------------------------------- flight

FLIGHT_ATTRIBUTES = ("sched_dep", "actual_dep", "sched_arr", "actual_arr")
_FLIGHT_COLUMNS = (2, 3, 5, 6)  # claim file columns of the four times; gates are skipped
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*([ap])?", re.I)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{2,4})\b")
_DAY_MONTH = re.compile(r"(\d{1,2})-([a-z]{3})-\d{4}", re.I)
# No leading \b: orbitz glues the month to the time ("11:55pNov 30").
_MONTH_DAY = re.compile(
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})\b", re.I
)


def parse_flight_time(text: str, day: date) -> float | None:
    """Minutes after midnight of ``day`` for a time in any of Flight's source formats.

    The clock time is taken as written (each source gives the airport's local time); a
    date in the text moves it by whole days, so 00:30 on the next day is 1470.
    """
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3)
    if half:
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    month_day = _flight_month_day(text)
    offset = 0
    if month_day:
        month, dom = month_day
        year = day.year + (month == 12 and day.month == 1) * -1 + (month == 1 and day.month == 12)
        try:
            offset = (date(year, month, dom) - day).days
        except ValueError:
            return None
        if abs(offset) > 1:
            return None
    return offset * 1440.0 + hour * 60.0 + minute


def _flight_month_day(text: str) -> tuple[int, int] | None:
    if m := _ISO_DATE.search(text):
        return int(m.group(2)), int(m.group(3))
    if m := _US_DATE.search(text):
        return int(m.group(1)), int(m.group(2))
    if (m := _DAY_MONTH.search(text)) and m.group(2).lower() in _MONTHS:
        return _MONTHS[m.group(2).lower()], int(m.group(1))
    if m := _MONTH_DAY.search(text):
        return _MONTHS[m.group(1).lower()], int(m.group(2))
    return None


def load_flight(
    root: Path | None = None, exclude_sources: Iterable[str] = (), days: int | None = None
) -> Dataset:
    """Flight (Li et al., PVLDB 2012): four departure/arrival times per (day, flight).

    ``exclude_sources`` (case-insensitive) drops sources, e.g. ``FLIGHT_AIRLINES``;
    ``days`` limits the number of day files read (for quick checks).
    """
    base = (root or default_data_dir()) / "flight"
    excluded = {s.lower() for s in exclude_sources}
    claim_files = sorted((base / "claims").glob("*.txt*"))[:days]
    if not claim_files:
        raise FileNotFoundError(f"no flight claim files in {base / 'claims'}")
    cache: dict[tuple[str, date], float | None] = {}

    def parse(text: str, day: date) -> float | None:
        key = (text, day)
        if key not in cache:
            cache[key] = parse_flight_time(text, day)
        return cache[key]

    def claims() -> Iterator[tuple[str, tuple, str, float]]:
        for path in claim_files:
            day = _file_day(path)
            with _open_text(path) as fh:
                for line in fh:
                    cols = line.rstrip("\r\n").split("\t")
                    if len(cols) < 7 or cols[0].lower() in excluded:
                        continue
                    for attribute, col in zip(FLIGHT_ATTRIBUTES, _FLIGHT_COLUMNS, strict=True):
                        text = cols[col].strip()
                        value = parse(text, day) if text else None
                        if value is not None:
                            yield cols[0], (day.isoformat(), cols[1], attribute), attribute, value

    gold: dict[tuple, float] = {}
    for path in claim_files:
        day = _file_day(path)
        gold_path = base / "ground_truth" / f"{day:%Y%m%d}.txt"
        if not gold_path.exists():
            continue
        with _open_text(gold_path) as fh:
            for line in fh:
                cols = line.rstrip("\r\n").split("\t")
                if len(cols) < 6:
                    continue
                for attribute, col in zip(FLIGHT_ATTRIBUTES, (1, 2, 4, 5), strict=True):
                    value = parse(cols[col].strip(), day)
                    if value is not None:
                        gold[(day.isoformat(), cols[0].strip(), attribute)] = value
    name = "flight"
    if excluded:
        name += "-no-" + ("airlines" if excluded == FLIGHT_AIRLINES else "-".join(sorted(excluded)))
    notes = [f"sources excluded: {', '.join(sorted(excluded))}"] if excluded else []
    tol = dict.fromkeys(FLIGHT_ATTRIBUTES, FLIGHT_TOLERANCE_MIN)
    return _build(name, claims(), gold, list(FLIGHT_ATTRIBUTES), tol, {}, notes)


def _file_day(path: Path) -> date:
    stem = path.name.split(".")[0]
    return date(int(stem[:4]), int(stem[4:6]), int(stem[6:8]))


def load_dataset(name: str, root: Path | None = None) -> Dataset:
    """One of ``DATASETS`` by name."""
    if name == "population":
        return load_population(root)
    if name == "weather":
        return load_weather(root)
    if name == "weather-no-washingtonpost":
        return load_weather(root, exclude_sources=WEATHER_GOLD_LIKE)
    if name == "flight":
        return load_flight(root)
    if name == "flight-no-airlines":
        return load_flight(root, exclude_sources=FLIGHT_AIRLINES)
    raise ValueError(f"unknown dataset {name!r}: choose one of {', '.join(DATASETS)}")


# ----------------------------------------------------------------------------- evaluation


def evaluate(
    ds: Dataset, estimate: np.ndarray, low: np.ndarray | None = None, high: np.ndarray | None = None
) -> dict:
    """MAE per attribute, normalised MAE, error rate and interval coverage of estimates."""
    est = estimate[ds.gold_object]
    ok = np.isfinite(est)
    gold, est = ds.gold_value[ok], est[ok]
    coverage = float("nan")
    if low is not None and high is not None and gold.size:
        lo, hi = low[ds.gold_object[ok]], high[ds.gold_object[ok]]
        coverage = float(((lo - 1e-9 <= gold) & (gold <= hi + 1e-9)).mean())
    attr = ds.object_attribute[ds.gold_object[ok]]
    err = np.abs(est - gold)
    tol = ds.abs_tolerance[attr] + ds.rel_tolerance[attr] * np.abs(gold)
    mae_by_attr, normalised = {}, []
    for a, name in enumerate(ds.attributes):
        sel = attr == a
        if not sel.any():
            continue
        mae = float(err[sel].mean())
        mae_by_attr[name] = mae
        sd = float(gold[sel].std())
        normalised.append(mae / sd if sd > 0 else mae)
    return {
        "nmae": float(np.mean(normalised)) if normalised else float("nan"),
        "error_rate": float((err > tol).mean()) if err.size else float("nan"),
        "mae_by_attribute": mae_by_attr,
        "interval_coverage": coverage,
        "evaluated": int(err.size),
    }


def run_methods(
    ds: Dataset, methods: Iterable[str] = METHODS, progress: Callable[[str], None] | None = None
) -> list[dict]:
    """Run each method on one dataset; one result row per method.

    ``progress`` (optional) is called with a short label before each run.
    """
    rows = []
    for method in methods:
        if progress:
            progress(f"{ds.name}: {method}")
        t0 = time.perf_counter()
        result = discover(
            ds.source_idx,
            ds.object_idx,
            ds.values,
            method,
            n_sources=len(ds.sources),
            n_objects=len(ds.objects),
        )
        seconds = time.perf_counter() - t0
        row = {
            "dataset": ds.name,
            "method": method,
            **evaluate(ds, result.estimate, result.low, result.high),
        }
        row.update(
            claims=ds.n_claims,
            sources=len(ds.sources),
            objects=len(ds.objects),
            seconds=seconds,
            claims_per_s=ds.n_claims / seconds if seconds > 0 else float("inf"),
            tolerance=TOLERANCE[ds.name.split("-no-")[0]],
            protocol=PROTOCOL,
            notes="; ".join(ds.notes),
        )
        rows.append(row)
    return rows


def bench_truth(
    root: Path | None = None,
    datasets: Iterable[str] = DATASETS,
    methods: Iterable[str] = METHODS,
    progress: Callable[[str], None] | None = None,
) -> list[dict]:
    """All methods on all public datasets under :data:`PROTOCOL`; one row per pair.

    Raises FileNotFoundError naming the missing file when the data is not there.
    """
    methods = list(methods)
    rows: list[dict] = []
    for name in datasets:
        if progress:
            progress(f"{name}: loading")
        rows.extend(run_methods(load_dataset(name, root), methods, progress))
    return rows


# ----------------------------------------------------------------------------- scale


def synthetic_claims(
    n_claims: int = 10_000_000,
    n_objects: int = 1_000_000,
    n_sources: int = 10_000,
    seed: int = 0,
    bad_share: float = 0.2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Seeded claims with heavy-tailed truths; returns (source, object, value, truth).

    Source activity is Zipf-like (a few prolific sources, a long tail of rare ones), as in
    news. Good sources err by ~5 % (log-normal), ``bad_share`` of them by ~60 % with 10 %
    gross errors (a factor of 10).
    """
    rng = np.random.default_rng(seed)
    truth = np.exp(rng.uniform(np.log(10), np.log(1e6), n_objects))
    activity = 1.0 / np.arange(1, n_sources + 1) ** 0.8
    src = rng.choice(n_sources, size=n_claims, p=activity / activity.sum()).astype(np.int32)
    obj = rng.integers(0, n_objects, size=n_claims, dtype=np.int32)
    bad = rng.random(n_sources) < bad_share
    sigma = np.where(bad, 0.6, 0.05)[src]
    noise = rng.standard_normal(n_claims) * sigma
    gross = bad[src] & (rng.random(n_claims) < 0.1)
    noise[gross] += np.log(10.0) * rng.choice([-1.0, 1.0], size=int(gross.sum()))
    values = truth[obj] * np.exp(noise)
    return src, obj, values, truth


def bench_scale(
    n_claims: int = 10_000_000,
    n_objects: int = 1_000_000,
    n_sources: int = 10_000,
    methods: Iterable[str] = METHODS,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> list[dict]:
    """Seconds and peak memory to reconcile synthetic claims, per method.

    Peak memory is the input arrays plus the peak of what the method allocates (traced
    with tracemalloc, which sees numpy's buffers); ``max_rss_mb`` is the process peak.
    """
    import resource

    src, obj, values, truth = synthetic_claims(n_claims, n_objects, n_sources, seed)
    input_mb = (src.nbytes + obj.nbytes + values.nbytes) / 2**20
    rows = []
    for method in methods:
        if progress:
            progress(f"{n_claims:,} synthetic claims: {method}")
        tracemalloc.start()
        t0 = time.perf_counter()
        result = discover(src, obj, values, method, n_sources=n_sources, n_objects=n_objects)
        seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        has = np.isfinite(result.estimate)
        rel = np.abs(np.log(result.estimate[has] / truth[has]))
        rows.append(
            {
                "method": method,
                "claims": n_claims,
                "objects": n_objects,
                "sources": n_sources,
                "seconds": seconds,
                "claims_per_s": n_claims / seconds if seconds > 0 else float("inf"),
                "peak_mb": input_mb + peak / 2**20,
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "median_abs_log_error": float(np.median(rel)) if rel.size else float("nan"),
            }
        )
        del result
    return rows


# ----------------------------------------------------------------------------- reporting


def truth_table_markdown(rows: list[dict]) -> str:
    """Rows of :func:`bench_truth` as a Markdown table, the protocol and tolerances after."""
    lines = [
        "| dataset | method | nMAE | error rate | 80% band coverage | claims/s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {r['method']} | {r['nmae']:.4f} | "
            f"{r['error_rate']:.4f} | {r['interval_coverage']:.3f} | "
            f"{r['claims_per_s']:,.0f} |"
        )
    lines += ["", f"Protocol: {PROTOCOL}.", "", "Tolerances:"]
    for name, text in TOLERANCE.items():
        lines.append(f"- {name}: {text}")
    return "\n".join(lines)


def scale_table_markdown(rows: list[dict]) -> str:
    """Rows of :func:`bench_scale` as a Markdown table."""
    lines = [
        "| method | claims | objects | sources | seconds | claims/s | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['method']} | {r['claims']:,} | {r['objects']:,} | "
            f"{r['sources']:,} | {r['seconds']:.1f} | {r['claims_per_s']:,.0f} | "
            f"{r['peak_mb']:,.0f} |"
        )
    return "\n".join(lines)
