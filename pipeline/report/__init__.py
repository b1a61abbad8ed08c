"""Stage 2, read-only: processed tables → what one report prints.

`context` gathers a report's tables, `analysis` and `national` compute them (pure), `narrative`
writes the sentences, `fmt` the Vietnamese numbers and dates, `charts` the figures, `layout`
the HTML pieces of an official document (Decree 30/2020).
"""
