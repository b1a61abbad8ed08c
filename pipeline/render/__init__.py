"""Stage 3: executed notebooks and their documents.

`notebook` runs a parameterised notebook with papermill (parameters checked first), the build's in this
process's IPython shell (`engine`, no kernel); `html` exports it with nbconvert (templates/report). `document`
reads the same executed notebook as blocks (each display carries a structured representation beside its HTML),
which `typeset` prints as PDF with Typst (templates/pdf/report.typ) and `word` writes as DOCX with python-docx
(styles in templates/docx/reference.docx). Stands alone: it imports nothing of ingest, report or build.
"""

# (jsonschema's optional rfc3987-syntax is marked absent in pipeline/__init__.py, before anything imports nbformat.)
