"""Stage 3: executed notebooks and their documents.

`notebook` runs a parameterised notebook with papermill (parameters checked first) in the warm
kernel of `engine`; `html` exports it with nbconvert (templates/report); `pdf` prints the page
with WeasyPrint. Stands alone: it imports nothing of ingest, report or build.
"""
