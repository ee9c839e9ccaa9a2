"""Sealed files: AES-256-GCM in 1 MiB chunks, so a recording is encrypted at rest.

Layout: ``MAGIC`` + 8-byte random nonce prefix, then per chunk a 4-byte big-endian length and
the ciphertext (tag included).  A chunk's nonce is the prefix and its 4-byte index; its
associated data is ``MAGIC``, the index and a last-chunk flag, so chunks cannot be
reordered, dropped or cut off without ``open_sealed`` failing.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"KREC1"
CHUNK = 1 << 20


class SealError(ValueError):
    """The sealed data is damaged, truncated or was sealed with another key."""


def new_key() -> bytes:
    """A fresh 256-bit key."""
    return AESGCM.generate_key(bit_length=256)


def _aad(index: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">I?", index, last)


def seal_file(source: Path, target: Path, key: bytes) -> int:
    """Encrypt ``source`` into ``target`` (written then renamed); return the sealed size."""
    aes, prefix = AESGCM(key), os.urandom(8)
    tmp = target.with_suffix(target.suffix + ".part")
    size = source.stat().st_size
    with open(source, "rb") as src, open(tmp, "wb") as out:
        out.write(MAGIC + prefix)
        index, done = 0, 0
        while True:
            chunk = src.read(CHUNK)
            done += len(chunk)
            last = done >= size
            ct = aes.encrypt(prefix + struct.pack(">I", index), chunk, _aad(index, last))
            out.write(struct.pack(">I", len(ct)) + ct)
            index += 1
            if last:
                break
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)
    return target.stat().st_size


def _chunks(data: bytes) -> Iterator[tuple[int, bytes, bool]]:
    pos, index = len(MAGIC) + 8, 0
    while pos < len(data):
        if pos + 4 > len(data):
            raise SealError("truncated chunk header")
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        ct = data[pos + 4 : pos + 4 + n]
        if len(ct) != n:
            raise SealError("truncated chunk")
        pos += 4 + n
        yield index, ct, pos >= len(data)
        index += 1


def open_sealed(data: bytes, key: bytes) -> bytes:
    """Decrypt sealed bytes; raise SealError if anything was changed or cut off."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
        raise SealError("not a sealed recording")
    aes, prefix = AESGCM(key), data[len(MAGIC) : len(MAGIC) + 8]
    out = bytearray()
    for index, ct, last in _chunks(data):
        try:
            out += aes.decrypt(prefix + struct.pack(">I", index), ct, _aad(index, last))
        except Exception as exc:  # cryptography's InvalidTag
            raise SealError("the recording was altered, truncated or sealed with another key") \
                from exc
    return bytes(out)
