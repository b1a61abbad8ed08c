"""Before the workers start, the main process lets go of the tables it planned with."""
from pipeline.build import targets
from pipeline.build.year import release_caches
from pipeline.config import Settings
from pipeline.ingest import build_if_stale
from pipeline.report import context, history, packs


def test_planning_caches_are_released_before_the_run(tiny_year):
    settings = Settings(2023, tiny_year, tiny_year / "output")
    build_if_stale(settings)
    assert targets.plan_unit_reports(settings, "code") and targets.plan_packs(settings, "code") is not None
    caches = (context.year_tables, context._unit_base, history._base, packs._base)
    assert all(cache.cache_info().currsize for cache in caches[:3])
    release_caches()
    assert [cache.cache_info().currsize for cache in caches] == [0, 0, 0, 0]
