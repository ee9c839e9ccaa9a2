"""The technicians' diagnostics mode, Qt-free: entry, the VendorMode handshake, the tests."""
