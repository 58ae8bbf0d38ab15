"""What the runner prints and writes: known-failure lists, report lines, RESULTS.md.

Known-failure lists (spec-tests/known-failures-<engine>.txt) hold one entry a line,
`file.wast:LINE  reason`, with `#` comment lines. The same file name exists in several
suites with different line numbers, so entries below a `[suite-name]` header (the
suite directory's name, e.g. `[wasm-spec-core-2.0]`) apply to that suite only; entries
before any header apply to every suite. LINE 0 stands for the whole file (timeout,
crash, conversion error).
"""
import re
from dataclasses import dataclass, field

MAX_LISTED = 20        # failures listed under a file's line; the rest are counted
MAX_SHOWN_REASON = 200


class KnownFailures:
    def __init__(self, entries=None):
        self.entries = entries or {}   # (file, line) -> reason

    @classmethod
    def parse(cls, text, suite, source="<known failures>"):
        """The entries of `text` that apply to `suite` (a suite directory name)."""
        entries = {}
        section = None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            header = re.fullmatch(r"\[(.+)\]", line)
            if header:
                section = header.group(1).strip()
                continue
            match = re.fullmatch(r"(\S+):(\d+)(?:\s+(.*))?", line)
            if not match:
                raise ValueError(f"{source}:{number}: expected `file.wast:LINE  reason`, got {raw!r}")
            if section in (None, suite):
                entries[match.group(1), int(match.group(2))] = match.group(3) or ""
        return cls(entries)

    @classmethod
    def load(cls, path, suite):
        if not path.is_file():
            return cls()
        return cls.parse(path.read_text(), suite, source=str(path))

    def classify(self, result):
        """Split a file's failures into unexpected and known ones, and find the entries
        of that file that no longer fail."""
        report = FileReport(result)
        failing_lines = set()
        for failure in result.failures:
            failing_lines.add(failure.line)
            if (result.name, failure.line) in self.entries:
                report.known.append(failure)
            else:
                report.unexpected.append(failure)
        # A file that did not run to its end says nothing about its other entries.
        if not result.broken:
            report.fixed = sorted(line for (name, line) in self.entries
                                  if name == result.name and line not in failing_lines)
        return report


@dataclass
class FileReport:
    result: object                     # wast_script.FileResult
    unexpected: list = field(default_factory=list)
    known: list = field(default_factory=list)
    fixed: list = field(default_factory=list)   # listed lines that passed

    @property
    def failed(self):
        return sum(f.count for f in self.unexpected)

    @property
    def known_total(self):
        return sum(f.count for f in self.known)

    def lines(self, max_listed=MAX_LISTED):
        """The report of one file: its count line, then its failures (at most
        `max_listed` of them, all if None), indented."""
        r = self.result
        counts = f"{r.name}: {r.passed} passed, {self.failed} failed, {r.skipped_total} skipped"
        if self.known:
            counts += f", {self.known_total} known"
        out = [counts]
        listed = self.unexpected[:max_listed]
        for failure in listed:
            out.append(f"  {r.name}:{failure.line}  {failure.command}: {shorten(failure.reason)}")
        if len(listed) < len(self.unexpected):
            out.append(f"  ... and {len(self.unexpected) - len(listed)} more failures (-v lists all)")
        for line in self.fixed:
            out.append(f"  {r.name}:{line}  fixed, remove from list")
        return out


def shorten(text, limit=MAX_SHOWN_REASON):
    text = " ".join(text.split())   # messages may span lines; a report line must not
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    known: int = 0
    fixed: list = field(default_factory=list)     # "file.wast:LINE" strings
    skip_reasons: dict = field(default_factory=dict)

    def add(self, report):
        r = report.result
        self.passed += r.passed
        self.failed += report.failed
        self.skipped += r.skipped_total
        self.known += report.known_total
        self.fixed += [f"{r.name}:{line}" for line in report.fixed]
        for reason, count in r.skipped.items():
            self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + count

    @property
    def ok(self):
        return self.failed == 0 and not self.fixed

    def summary_lines(self, known_list):
        """The closing lines; the last one is the one CI reads and must keep its format."""
        out = []
        if self.skip_reasons:
            reasons = sorted(self.skip_reasons.items(), key=lambda item: -item[1])
            out.append("skipped: " + "; ".join(f"{n} {shorten(reason, 80)}" for reason, n in reasons))
        if self.known:
            out.append(f"{self.known} known failures (listed in {known_list}, not counted as failed)")
        if self.fixed:
            out.append(f"{len(self.fixed)} listed failures now pass, remove them from {known_list}: "
                       + ", ".join(self.fixed))
        out.append(f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped")
        return out


RESULTS_HEADER = """\
# Spec-test results

Written by `spec-tests/run.py --write-results` at the end of a whole-suite run (no FILE
arguments), one section per suite, feature preset and engine; a run replaces only its own
section. Regenerate one with `python spec-tests/run.py --engine ENGINE --suite SUITE
--write-results`.
"""


def section_title(suite, features, engine):
    return f"## {suite} (features {features}), engine {engine}"


def results_section(title, date, commit, totals, reports, folders=("",)):
    """`folders`: the suite's folders the run covered, "" for the top level."""
    rows = [f"| {r.result.name} | {r.result.passed} | {r.failed} | {r.known_total} "
            f"| {r.result.skipped_total} |" for r in reports]
    skips = "; ".join(f"{n} {reason}" for reason, n in
                      sorted(totals.skip_reasons.items(), key=lambda item: -item[1]))
    return "\n".join([
        title,
        "",
        f"Run {date} at commit {commit}: {totals.passed} passed, {totals.failed} failed, "
        f"{totals.skipped} skipped, {totals.known} known failures.",
        "",
        "Folders run: " + ", ".join(f or "(top level)" for f in folders) + ".",
        "",
        *([f"Skipped: {skips}.", ""] if skips else []),
        "| file | passed | failed | known | skipped |",
        "|---|---:|---:|---:|---:|",
        *rows,
    ]) + "\n"


def replace_section(text, title, section):
    """RESULTS.md with the section under `title` replaced (or appended) by `section`;
    the other sections are kept as they are, and the header is rewritten."""
    sections = []   # (title, full text of the section)
    for chunk in re.split(r"(?m)^(?=## )", text or ""):
        if chunk.startswith("## "):
            sections.append((chunk.splitlines()[0].strip(), chunk.rstrip("\n") + "\n"))
    replaced = [(t, section if t == title else body) for t, body in sections]
    if title not in (t for t, _ in sections):
        replaced.append((title, section))
    return "\n".join([RESULTS_HEADER] + [body for _, body in replaced])
