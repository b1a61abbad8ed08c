"""The sample province (`make sample`, or `python -m tools.sample` from the repository): generated raw data
that reads like real units' sheets.

Outside the product: it lives beside the package (tools/), the wheel does not ship it, nothing in
`pipeline` imports it, and its code is not part of any report's key, so editing it re-issues nothing
(regenerating the data does).
"""
from .generate import SampleRefused, Truth, generate, generate_large, generate_national_year, generate_year

__all__ = ["SampleRefused", "Truth", "generate", "generate_large", "generate_national_year", "generate_year"]
