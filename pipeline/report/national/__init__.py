"""The province's own national PAR INDEX report (like Báo cáo 196/BC-SNV): analysis, sentences,
tables, charts and the context the notebook reads."""
