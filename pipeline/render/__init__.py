"""Stage 3: executed notebooks and their documents.

`notebook` runs a parameterised notebook with papermill (parameters checked first) in the warm
kernel of `engine`; `html` exports it with nbconvert (templates/report). `document` reads the same
executed notebook as blocks (each display carries a structured representation beside its HTML),
which `typeset` prints as PDF with Typst (templates/pdf/report.typ) and `word` writes as DOCX with
python-docx (styles in templates/docx/reference.docx). Stands alone: it imports nothing of ingest,
report or build.
"""
import sys

# nbformat validates with jsonschema, whose import compiles the 39 grammars of rfc3987-syntax (installed for
# jupyter-events) to check the "iri" format, which no notebook schema uses: a second of CPU in every process
# that runs or reads a notebook, the build's workers included. Marked absent, jsonschema skips that format.
sys.modules.setdefault("rfc3987_syntax", None)
