"""The warm kernel's stdout and stderr: ipykernel's streams, without a wait when there is nothing to send.

Before every display, ipykernel flushes stdout and stderr, and each flush waits for its I/O thread to
answer even when nothing was written. A unit report displays some twenty pieces; those waits cost more
than its HTML export did. The report notebooks print nothing, so the wait is skipped when no write is
pending; anything written is still flushed, in order, as before. Used only by the build's warm kernels
(render.engine.KERNEL_ARGUMENTS); a notebook run by hand uses ipykernel's own streams.
"""
from __future__ import annotations

from ipykernel.iostream import OutStream


class QuietOutStream(OutStream):
    def flush(self) -> None:
        # write() sets one of these until the I/O thread has sent the text (iostream.OutStream.write).
        if self._flush_pending or self._subprocess_flush_pending:
            super().flush()
