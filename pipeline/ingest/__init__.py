"""Stage 1, raw → processed tables (contract §3–9): the only stage that reads raw/<YEAR>/.

Readers turn workbooks into rows and collect every Problem (file, sheet, cell); `year.read_year`
validates and scores them; `tables` writes and reads the processed CSV/Parquet files.
"""
from .tables import read_table
from .year import Processed, build_if_stale, input_hashes, is_current, read_year

__all__ = ["Processed", "build_if_stale", "input_hashes", "is_current", "read_table", "read_year"]
