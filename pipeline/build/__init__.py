"""Stage 4, on top: targets and their keys, the cache, the worker pool, what changed, the year's folder.

Nothing imports this subpackage but the command line (`pipeline.__main__`).
"""
