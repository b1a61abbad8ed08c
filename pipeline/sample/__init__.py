"""The sample province (`make sample`): generated raw data that reads like real units' sheets.

Outside what the reports depend on: nothing but the command line imports it, and its code is
not part of any report's key, so editing it re-issues nothing (regenerating the data does).
"""
from .generate import Truth, generate, generate_large, generate_national_year, generate_year

__all__ = ["Truth", "generate", "generate_large", "generate_national_year", "generate_year"]
