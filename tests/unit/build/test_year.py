"""Planning a year: the unit reports' keys kept between runs, and the tables let go before the workers start."""
import pytest
from conftest import SHEET_ROWS, write_sheet

from pipeline.build import targets
from pipeline.build.year import release_caches
from pipeline.config import Settings
from pipeline.contract import UNIT_REPORT
from pipeline.ingest import build_if_stale
from pipeline.report import context, history, packs, year_data


def test_tables_read_in_a_process_follow_the_tables_without_any_release(tiny_year):
    """An analyst's kernel (or the build's main process) that read a year, then ran `make data` after a
    correction, prints the new tables: the caches are keyed by the tables' version, not by the year."""
    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    before = context.unit_report(settings, "so-a")
    rows = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, 2, 1, None, "Thiếu TLKC") for r in SHEET_ROWS]
    write_sheet(settings.raw_dir / "cham-diem" / "so-a.xlsx", rows)
    build_if_stale(settings)
    after = context.unit_report(settings, "so-a")
    assert after.unit["tham_dinh"] == before.unit["tham_dinh"] - 0.5  # 1.1.2 appraised 1,5 → 1
    assert context.units_report(settings).tong_hop.set_index("ma_don_vi").at["so-a", "tham_dinh"] \
        == after.unit["tham_dinh"]
    assert packs.district_pack is not None and history.unit_history(settings, "so-a").rows["chi_so"].iloc[-1] \
        == after.unit["chi_so"]


def test_release_empties_every_cache_of_tables(tiny_year):
    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    assert targets.plan_unit_reports(settings, "code") and targets.plan_packs(settings, "code")
    filled = [cache for cache in year_data._CACHES if cache.cache_info().currsize]
    assert len(filled) >= 4  # the tables, and what the unit reports, histories and packs derive from them
    release_caches()
    assert {cache.cache_info().currsize for cache in year_data._CACHES} == {0}


def unit_keys(settings: Settings) -> dict[str, str]:
    keys = {t.unit: t.key for t in targets.plan(settings) if t.kind == UNIT_REPORT}
    release_caches()  # as build_year does: the next plan reads the tables again
    return keys


@pytest.mark.slow  # plans a province's unit reports three times
def test_report_keys_are_reused_on_the_same_tables_and_computed_again_when_a_sheet_is_corrected(tiny_year, monkeypatch):
    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    first = unit_keys(settings)
    all_keys = {t.stem: t.key for t in targets.plan(settings)}
    release_caches()
    assert (settings.cache_dir / targets.PLAN_KEYS_FILE).exists()

    def refuse(*args, **kwargs):
        raise AssertionError("a unit's report was read again")
    with monkeypatch.context() as m:  # nothing changed: the stored keys are used, no report's context is made
        for module, name in ((targets.context, "unit_report"), (targets.context, "units_report"),
                             (targets.packs, "district_pack"), (targets.packs, "agency_pack"),
                             (targets.national_context, "national_report")):
            m.setattr(module, name, refuse)
        assert unit_keys(settings) == first
        assert {t.stem: t.key for t in targets.plan(settings)} == all_keys

    rows = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, 2, 1, None, "Thiếu TLKC") for r in SHEET_ROWS]
    write_sheet(settings.raw_dir / "cham-diem" / "so-a.xlsx", rows)  # Sở A's appraisal corrected: 1,5 → 1
    build_if_stale(settings)
    again = unit_keys(settings)
    assert again["so-a"] != first["so-a"]
    # The keys stored are the keys computed from scratch, every report's.
    fresh = {t.unit: t.key for t in targets.plan_unit_reports(settings, targets.code_fingerprint())}
    release_caches()
    assert again == fresh
    kept = {t.stem: t.key for t in targets.plan(settings)}
    release_caches()
    (settings.cache_dir / targets.PLAN_KEYS_FILE).unlink()
    assert {t.stem: t.key for t in targets.plan(settings)} == kept
    assert kept != all_keys  # the correction re-keyed what prints Sở A's result


def test_report_keys_from_another_code_are_not_used(tiny_year):
    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    targets.plan(settings)
    assert targets.PlanKeys.read(settings, targets.code_fingerprint()).known
    assert targets.PlanKeys.read(settings, "other code").known == {}


def test_a_stale_kept_key_stops_the_build_of_its_report_and_is_computed_afresh_next_time(tiny_year):
    """The safety net of PlanKeys: a kept key that does not match the tables (the file edited, or a bug in its
    basis) is never printed under; the keys file goes, so the next plan computes every key again."""
    import json

    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    targets.plan(settings)
    release_caches()
    path = settings.cache_dir / targets.PLAN_KEYS_FILE
    stored = json.loads(path.read_bytes())
    stem = next(s for s in stored["data"] if s.endswith("so-a"))
    stored["data"][stem][0] = "0" * 64  # its data fingerprint, stale
    path.write_text(json.dumps(stored))
    planned = {t.stem: t for t in targets.plan(settings)}
    assert planned[stem].data == "0" * 64  # taken as kept: same basis
    with pytest.raises(RuntimeError, match="kept key does not match"):
        targets.with_context(settings, planned[stem])
    assert not path.exists()
    release_caches()
    again = {t.stem: t for t in targets.plan(settings)}[stem]
    assert again.data != "0" * 64 and targets.with_context(settings, again).context is not None


@pytest.mark.slow  # builds a tiny province on two workers
def test_a_first_build_hands_each_report_to_the_workers_as_it_is_planned(tiny_year, monkeypatch):
    """With the workers started, every report is given to them while the rest of the year is still planned
    (runner.Workers.submit, in the plan's order), none waits for the plan's end: the packs, planned last, are
    submitted after the first reports were."""
    from pipeline.build import runner
    from pipeline.build.year import build_year

    order, submit = [], runner.Workers.submit

    def spy(self, target, *args):
        order.append((target.kind, len(planned_packs)))
        return submit(self, target, *args)

    planned_packs, plan_packs = [], targets.plan_packs

    def packs_spy(*args, **kwargs):
        planned_packs.append(True)
        return plan_packs(*args, **kwargs)

    monkeypatch.setattr(runner.Workers, "submit", spy)
    monkeypatch.setattr(targets, "plan_packs", packs_spy)
    settings = Settings(2023, tiny_year, tiny_year / "output")
    result = build_year(settings, workers=2, progress=False)
    assert not result.failed and result.changed
    assert len(order) == len(result.built)  # every report built was handed over as it was planned
    assert order[0][0] == "units-report" and order[0][1] == 0  # before the packs were even planned
    assert {kind for kind, _ in order} >= {"units-report", UNIT_REPORT}


def test_a_first_build_starts_no_worker_before_its_tables_are_read(tiny_year, monkeypatch):
    """Bad inputs are most often met on a first build: they stop the run before any worker process starts."""
    from pipeline.build import runner
    from pipeline.build.year import start_workers

    started = []
    monkeypatch.setattr(runner.Workers, "start", lambda self: started.append(self) or self)
    settings = Settings(2023, tiny_year, tiny_year / "output")
    assert start_workers(settings, 2).pool is None and started == []
    build_if_stale(settings)  # tables read, never published: a re-run will build, its workers start at once
    start_workers(settings, 2)
    assert len(started) == 1
    start_workers(settings, 2, only={"so-a"})  # some reports only: the build starts workers if it needs them
    assert len(started) == 1


def test_only_the_commands_own_start_forks_the_workers(tiny_year, monkeypatch):
    """Forked workers (Linux) only at the start of the command's own process, while it runs no other thread; a
    build called inside another program (a test, an analyst's notebook: threads of their own) spawns them."""
    from pipeline.build import runner
    from pipeline.build import year

    monkeypatch.setattr(runner.Workers, "start", lambda self: self)
    settings = Settings(2023, tiny_year, tiny_year / "output")
    monkeypatch.setattr(year.threading, "active_count", lambda: 1)
    # No tables yet: no work expected at the start, and a pool started later (after the tables are read) spawns.
    assert year.start_workers(settings, 2, fork=True).start_method == "spawn"
    year.build_if_stale(settings)  # tables read, never published: the re-run's workers start at once
    assert year.start_workers(settings, 2, fork=True).start_method == runner.FORK_WHERE_SAFE
    assert year.start_workers(settings, 2).start_method == "spawn"
    monkeypatch.setattr(year.threading, "active_count", lambda: 2)  # another thread runs
    assert year.start_workers(settings, 2, fork=True).start_method == "spawn"


def test_idle_workers_are_ended_at_once():
    """Workers with nothing left to do are ended by signal, not left to their interpreter's teardown (a third of a
    second of pandas, matplotlib and a shell being freed, which the run used to wait for)."""
    import signal
    import time

    from pipeline.build.runner import Workers

    pool = Workers(2).start()
    processes = list(pool.pool._processes.values())
    deadline = time.monotonic() + 60
    while pool.pool._pending_work_items and time.monotonic() < deadline:  # their warm-up done
        time.sleep(0.05)
    pool.close()
    for process in processes:  # (a worker still importing under a loaded machine answers once back in Python)
        process.join(60)
    # Ended by SIGTERM: runner._end_worker's exit, or the signal itself in a worker still starting (both warm-ups
    # may have gone to the first one up).
    assert len(processes) == 2 and all(p.exitcode in (1, -signal.SIGTERM) for p in processes)
