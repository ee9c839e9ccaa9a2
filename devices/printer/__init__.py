"""Receipt printer: ESC/POS over a serial URL, status by DLE EOT, simulator and renderer."""
