"""The start of the year's cycle (contract §12): scoring forms per unit, appraisal workbooks per agency
(`year.make_forms`), and the return lists of `make check` (`returns.check_year`). Imports ingest, never the reports."""
