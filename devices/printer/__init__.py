"""Receipt printer: ESC/POS over a serial URL, status by DLE EOT, simulator and renderer.

Public API: :func:`open_printer` (the factory, plain parameters), :class:`EscPosPrinter`,
:class:`JobResult`, the document elements, :class:`PrinterSimulator` and :func:`render`.
"""

from devices.printer.document import Columns, Cut, Document, Encoder, Feed, Line, Logo, Qr, Rule
from devices.printer.driver import EscPosPrinter, JobResult, open_printer
from devices.printer.render import Rendering, render
from devices.printer.simulator import PrinterSimulator

__all__ = [
    "Columns", "Cut", "Document", "Encoder", "EscPosPrinter", "Feed", "JobResult", "Line", "Logo",
    "PrinterSimulator", "Qr", "Rendering", "Rule", "open_printer", "render",
]  # fmt: skip
