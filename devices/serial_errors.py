"""What a serial link raises when the device behind it goes away.

pyserial raises ``SerialException`` or ``OSError`` for most link faults, but on POSIX its
``reset_input_buffer`` and ``reset_output_buffer`` call ``termios.tcflush`` directly, and an
unplugged USB adapter (or a closed pseudo-terminal) then raises ``termios.error``, which is
neither.  Drivers catch :data:`LINK_ERRORS` so an unplug is always a status, not a crash.
"""

from __future__ import annotations

import serial

try:
    import termios
except ImportError:  # not POSIX: pyserial does not use termios there
    LINK_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
else:
    LINK_ERRORS = (serial.SerialException, OSError, termios.error)
